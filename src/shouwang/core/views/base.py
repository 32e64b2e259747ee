"""Base views: every list and detail of a scoped model reads through ``visible_to``."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from shouwang.core.roles import VIEW
from shouwang.core.scoping import scope_paths


class ScopedQuerysetMixin(LoginRequiredMixin):
    model = None
    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        # Someone who holds the permission nowhere finds no such page, not an empty one.
        if request.user.is_authenticated and scope_paths(request.user, self.permission) == []:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.permission)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def revealed_response(request, reveal) -> HttpResponse:
    """Answer a reveal form (posted by htmx into the masked value's place): the full
    value from ``reveal(reason)``, never cached, or why it is refused."""
    reason = request.POST.get("reason", "")
    try:
        value = reveal(reason)
    except ValidationError as error:
        return render(request, "core/_revealed.html", {"error": error.messages[0]}, status=400)
    response = render(request, "core/_revealed.html", {"value": value})
    response["Cache-Control"] = "no-store"
    return response
