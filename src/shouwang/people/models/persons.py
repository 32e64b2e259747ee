from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core import pii
from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed
from shouwang.people.choices import HealthState, Measure, Sex


class PersonQuerySet(ScopedQuerySet):
    pass


class Person(models.Model):
    """One record per person, whatever module met him first.

    The document number and phone are stored sealed, with a keyed hash for lookup and a
    mask for display; ``document_hash`` makes a second registration update, not duplicate.

    ``measure``, ``health_state`` and ``last_arrival_on`` repeat the newest entry of their
    timelines (kept by the services that write them) so a list of a million filters
    without joins. The columns a bulk load leaves out have database defaults, so COPY
    into the table needs no change when a column is added.
    """

    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(
        _("证件类型"), max_length=20, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = EncryptedTextField(_("证件号码"))
    document_hash = models.CharField(max_length=40, editable=False)
    document_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_hash = models.CharField(max_length=40, blank=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    nationality = models.CharField(
        _("国籍（ISO 3166）"), max_length=3, default="CHN", db_default="CHN"
    )
    # No index of its own: it always equals ``area`` when set, and (area, name) is indexed.
    home_building = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": AreaLevel.BUILDING},
        verbose_name=_("居住楼栋"),
    )
    room = models.CharField(_("房号"), max_length=20, blank=True, default="", db_default="")
    # Free text until the enterprises module links a person to an enterprise record.
    workplace = models.CharField(
        _("工作单位"), max_length=100, blank=True, default="", db_default=""
    )
    area = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        related_name="persons",
        db_index=False,  # the (area, name) index serves lookups by area
        verbose_name=_("所属区域"),
    )
    measure = models.CharField(
        _("管控措施"),
        max_length=24,
        choices=Measure.choices,
        default=Measure.NONE,
        db_default=Measure.NONE,
    )
    health_state = models.CharField(
        _("健康状态"),
        max_length=16,
        choices=HealthState.choices,
        default=HealthState.NORMAL,
        db_default=HealthState.NORMAL,
    )
    is_key_person = models.BooleanField(_("重点人员"), default=False, db_default=False)
    key_reason = models.TextField(_("重点人员原因"), blank=True, default="", db_default="")
    proposed_measure = models.CharField(
        _("建议措施"),
        max_length=24,
        choices=Measure.choices,
        blank=True,
        default="",
        db_default="",
    )
    last_arrival_on = models.DateField(_("最近抵达日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document_masked", "phone_masked", "updated_at"])
    scope_path_lookup = "area__path"
    personal_fields = ("document_number", "phone", "document_hash", "phone_hash")

    class Meta:
        verbose_name = pgettext_lazy("one", "人员")
        verbose_name_plural = _("人员")
        ordering = ["-created_at", "-id"]
        # Declared here rather than with unique=True/db_index=True on the fields, which on
        # PostgreSQL would add LIKE indexes no hash lookup uses; each index costs a bulk
        # load dearly (random 40-hex keys).
        constraints = [
            models.UniqueConstraint(fields=["document_hash"], name="person_unique_document")
        ]
        indexes = [
            models.Index(fields=["area", "name"], name="person_area_name"),
            # The list's order: newest first, a page at a time, without sorting a million.
            models.Index(fields=["created_at", "id"], name="person_newest"),
            models.Index(fields=["phone_hash"], name="person_phone_hash"),
            # Partial: the few thousand under a measure or marked key, not the million.
            models.Index(
                fields=["measure", "area"],
                name="person_under_measure",
                condition=~Q(measure=Measure.NONE),
            ),
            models.Index(fields=["area"], name="person_key", condition=Q(is_key_person=True)),
        ]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)

    #: Keyed hashes `shouwang rotate-pii-key --rehash` recomputes after a new HMAC key.
    lookup_hash_fields = ("document_hash", "phone_hash")

    def refresh_lookup_hashes(self) -> None:
        self.document_hash = pii.document_hash(self.document_type, self.document_number)
        self.phone_hash = pii.phone_hash(self.phone) if self.phone else ""


class PersonCount(models.Model):
    """How many persons an area holds under each measure, kept by database triggers
    (migration 0002) on every write to the register, COPY and queryset updates included:
    a district's counts sum a few thousand of these rows instead of counting a million
    persons. Always read summed per area and measure: on PostgreSQL each write adds rows of
    its changes (people.services.counts merges them); SQLite keeps one row each."""

    area = models.ForeignKey("core.Area", models.CASCADE, related_name="+", db_index=False)
    measure = models.CharField(max_length=24, choices=Measure.choices)
    n = models.IntegerField()

    objects = ScopedQuerySet.as_manager()
    scope_path_lookup = "area__path"

    def __str__(self) -> str:
        return f"{self.area_id} {self.measure}: {self.n}"
