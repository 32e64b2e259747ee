"""A page that exists only for the browser test of the signature pad, which no page of
the foundation uses yet (isolation commitments and enterprise filings will)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template import RequestContext, Template
from django.urls import include, path

from shouwang.core.services.signatures import signature_record

PAGE = Template("""{% load static %}<!doctype html><html><head>
<link rel="stylesheet" href="{% static 'vendor/bootstrap/bootstrap.min.css' %}"></head><body>
<form method="post">{% csrf_token %}{% include "core/_signature_pad.html" %}
<button type="submit">sign</button></form></body></html>""")


def sign(request):
    if request.method == "POST":
        try:
            signature = signature_record(
                document="test",
                text_version="1",
                text="承诺",
                signer_name="张三",
                image=request.POST["signature"],
                request=request,
            )
        except ValidationError as error:
            return JsonResponse(error.message_dict, status=400)
        return JsonResponse({"id": signature.pk, "sha256": signature.text_sha256})
    return HttpResponse(PAGE.render(RequestContext(request)))


urlpatterns = [path("test-sign/", sign), path("", include("shouwang.urls"))]
