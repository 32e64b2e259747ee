from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.choices import AreaLevel, StreetKind
from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet

PATH_SEPARATOR = "."


class AreaQuerySet(ScopedQuerySet):
    def children_of(self, area):
        return self.filter(parent=area)


class Area(models.Model):
    """A node of the jurisdiction tree: district, street or town, community, grid, building.

    ``path`` is the materialised path of codes from the root ("440402.440402001...."), so
    "everything under this node" is one indexed prefix match.
    """

    level = models.CharField(_("层级"), max_length=16, choices=AreaLevel.choices)
    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    # unique=True gives PostgreSQL a second varchar_pattern_ops index for LIKE 'prefix%'.
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    street_kind = models.CharField(
        _("街道或镇"), max_length=8, choices=StreetKind.choices, blank=True
    )

    objects = AreaQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "path"

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def area(self) -> "Area":
        return self

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)

    def ancestor_paths(self) -> list[str]:
        parts = self.path.split(PATH_SEPARATOR)
        return [PATH_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts) - 1)]

    def ancestors(self):
        """Root first, without the area itself."""
        return Area.objects.filter(path__in=self.ancestor_paths()).order_by("path")


class BuildingQuerySet(ScopedQuerySet):
    pass


class Building(models.Model):
    """What a building-level area carries besides its name: address, size, its head."""

    area = models.OneToOneField(
        Area,
        models.CASCADE,
        primary_key=True,
        related_name="building",
        limit_choices_to={"level": AreaLevel.BUILDING},
        verbose_name=_("楼栋"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    units = models.PositiveSmallIntegerField(_("单元数"), default=1)
    floors = models.PositiveSmallIntegerField(_("楼层数"), default=1)
    households = models.PositiveIntegerField(_("户数"), default=0)
    head_name = models.CharField(_("楼栋长"), max_length=50, blank=True)
    head_phone = EncryptedTextField(_("楼栋长电话"), blank=True)
    head_phone_masked = models.CharField(_("楼栋长电话"), max_length=20, blank=True)
    head_user = models.ForeignKey(
        "core.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings_headed",
        verbose_name=_("楼栋长账号"),
    )

    objects = BuildingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["head_phone_masked"])
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("楼栋信息")
        verbose_name_plural = _("楼栋信息")

    def __str__(self) -> str:
        return self.area.name
