"""The public self-declaration form behind a community's QR code, its poster, and the
grid worker's review queue."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.network import client_ip
from shouwang.core.qr import qr_poster
from shouwang.core.roles import CHANGE
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.views.base import ScopedListView, add_service_errors
from shouwang.people.choices import DeclarationStatus, Symptom
from shouwang.people.forms import DeclarationReviewForm, SelfDeclarationForm
from shouwang.people.models import SelfDeclaration
from shouwang.people.services import (
    RateLimited,
    declaration_accept,
    declaration_rate_check,
    declaration_reject,
    self_declaration_submit,
)


def symptoms_in_words(symptoms: list[str]) -> str:
    """The symptoms ticked, stored in the district's language whatever the form's."""
    with translation.override(settings.LANGUAGE_CODE):
        return "、".join(str(Symptom(symptom).label) for symptom in symptoms)


def _community(code: str) -> Area:
    return get_object_or_404(Area, code=code, level=AreaLevel.COMMUNITY)


def declaration_form(request, code):
    """Public: no login. Says the same thing whoever declares, registered or not."""
    community = _community(code)
    buildings = Area.objects.filter(
        level=AreaLevel.BUILDING, path__startswith=community.path + "."
    ).order_by("path")
    form = SelfDeclarationForm(
        request.POST or None, buildings=buildings, initial={"client_uuid": uuid.uuid4()}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration_rate_check(client_address=client_ip(request) or "")
            self_declaration_submit(
                community=community,
                symptoms=symptoms_in_words(data.pop("symptoms")),
                **data,
            )
        except RateLimited:
            form.add_error(None, _("提交过于频繁，请稍后再试"))
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("people:declaration_done", code=community.code)
    return render(
        request,
        "people/declaration_form.html",
        {"form": form, "community": community},
        status=status,
    )


def declaration_done(request, code):
    return render(request, "people/declaration_done.html", {"community": _community(code)})


@login_required
def declaration_poster(request, code):
    community = get_visible_or_404(Area.objects, request.user, code=code, level=AreaLevel.COMMUNITY)
    return qr_poster(
        request,
        title=_("返回人员自主申报"),
        subtitle=community.name,
        url=reverse("people:declaration_form", args=[community.code]),
        instructions=[
            _("用手机扫描二维码"),
            _("如实填写身份、联系方式、住址、来源地和抵达日期"),
            _("提交后由网格员审核联系，请保持电话畅通"),
        ],
    )


class DeclarationListView(ScopedListView):
    """The review queue: declarations for the buildings in the user's grid."""

    model = SelfDeclaration
    permission = CHANGE
    template_name = "people/declaration_list.html"

    def get_queryset(self):
        status = self.request.GET.get("status") or DeclarationStatus.PENDING
        return super().get_queryset().filter(status=status).select_related("area")

    def get_context_data(self, **kwargs):
        communities = Area.objects.visible_to(self.request.user).filter(level=AreaLevel.COMMUNITY)[
            :50
        ]
        return super().get_context_data(
            statuses=DeclarationStatus.choices,
            status=self.request.GET.get("status") or DeclarationStatus.PENDING,
            communities=communities,
            **kwargs,
        )


@login_required
def declaration_detail(request, pk):
    declaration = get_visible_or_404(
        SelfDeclaration.objects.select_related("area", "community"), request.user, CHANGE, pk=pk
    )
    form = DeclarationReviewForm(request.POST or None)
    return render(
        request, "people/declaration_detail.html", {"declaration": declaration, "form": form}
    )


@login_required
@require_POST
def declaration_review(request, pk, decision):
    declaration = get_visible_or_404(SelfDeclaration.objects, request.user, CHANGE, pk=pk)
    form = DeclarationReviewForm(request.POST)
    form.is_valid()
    try:
        if decision == "accept":
            declaration_accept(declaration=declaration, by=request.user)
        else:
            declaration_reject(
                declaration=declaration,
                note=form.cleaned_data.get("review_note", ""),
                by=request.user,
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(
            request,
            "people/declaration_detail.html",
            {"declaration": declaration, "form": form},
            status=400,
        )
    if decision == "accept":
        messages.success(request, _("已采纳，已登记到人员库"))
        return redirect("people:person_detail", pk=declaration.person_id)
    messages.success(request, _("已退回"))
    return redirect("people:declaration_list")
