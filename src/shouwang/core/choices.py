from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("区")
    STREET = "street", _("街道/镇")
    COMMUNITY = "community", _("社区")
    GRID = "grid", _("网格")
    BUILDING = "building", _("楼栋")


#: Each level's parent level; the district is the root of a deployment's tree.
LEVEL_ORDER = [
    AreaLevel.DISTRICT,
    AreaLevel.STREET,
    AreaLevel.COMMUNITY,
    AreaLevel.GRID,
    AreaLevel.BUILDING,
]


def parent_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index else None


class StreetKind(models.TextChoices):
    STREET = "street", _("街道")
    TOWN = "town", _("镇")


class Role(models.TextChoices):
    DISTRICT_COMMANDER = "district_commander", _("区指挥部")
    STREET_OFFICER = "street_officer", _("街道防疫专班")
    COMMUNITY_OFFICER = "community_officer", _("社区工作站")
    GRID_WORKER = "grid_worker", _("网格员")
    BUILDING_HEAD = "building_head", _("楼栋长")
    CHECKPOINT_STAFF = "checkpoint_staff", _("卡点工作人员")
    SITE_STAFF = "site_staff", _("隔离点工作人员")
    PORT_STAFF = "port_staff", _("口岸分流工作人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    SUPERVISOR = "supervisor", _("督导组")
    AUDITOR = "auditor", _("审计员")


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")


class AccessAction(models.TextChoices):
    REVEAL = "reveal", _("查看完整信息")
    EXPORT = "export", _("导出")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("批量导入")
