"""Codes of the field: grid levels, posts, relations (GB/T 4761), ethnic groups (GB 3304),
person status, residence state."""

from __future__ import annotations

from enum import StrEnum

from gridoffice.i18n import N_, tr


class GridLevel(StrEnum):
    STREET = "street"  # 街道 / 镇: the root of a street office's database
    COMMUNITY = "community"  # 村 / 社区 = 总网格
    GENERAL = "general"  # 一般网格
    MICRO = "micro"  # 微网格
    DEDICATED = "dedicated"  # 专属网格 (school, clinic, enterprise, market)


def grid_level_label(level: str) -> str:
    return {
        GridLevel.STREET: tr("街道"),
        GridLevel.COMMUNITY: tr("总网格"),
        GridLevel.GENERAL: tr("一般网格"),
        GridLevel.MICRO: tr("微网格"),
        GridLevel.DEDICATED: tr("专属网格"),
    }.get(level, level)


# Which level may sit under which.
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    GridLevel.STREET: (None,),
    GridLevel.COMMUNITY: (None, GridLevel.STREET),
    GridLevel.GENERAL: (GridLevel.COMMUNITY,),
    GridLevel.MICRO: (GridLevel.GENERAL,),
    GridLevel.DEDICATED: (GridLevel.COMMUNITY, GridLevel.GENERAL),
}

# Size rules (households).
MICRO_HOUSEHOLDS = (30, 100)
GENERAL_HOUSEHOLDS = (300, 500)
SERVICE_TEAM_SIZE = (3, 4)


class Role(StrEnum):
    CHIEF = N_("总网格长")
    GENERAL_LEADER = N_("一般网格长")
    MICRO_LEADER = N_("微网格长")
    MICRO_STAFF = N_("微网格员")
    INSTRUCTOR = N_("网格指导员")
    DOCTOR = N_("家庭医生")
    POLICE = N_("社区民警")
    BUILDING_HEAD = N_("楼栋长")
    UNIT_HEAD = N_("单元长")
    PROPERTY = N_("物业")
    VOLUNTEER = N_("志愿者")


# The post that leads a grid of each level.
LEADER_ROLE: dict[str, Role] = {
    GridLevel.COMMUNITY: Role.CHIEF,
    GridLevel.GENERAL: Role.GENERAL_LEADER,
    GridLevel.MICRO: Role.MICRO_LEADER,
    GridLevel.DEDICATED: Role.MICRO_LEADER,
}

STAFF_BACKGROUNDS = ("两委", "组长", "党员", "楼栋长", "志愿者", "物业", "医生", "民警", "街道干部", "其他")


class PersonStatus(StrEnum):
    ACTIVE = N_("在册")
    MOVED_OUT = N_("迁出")
    DECEASED = N_("死亡")


class ResidenceState(StrEnum):
    RESIDENT = N_("常住")
    NOMINAL = N_("空挂")
    RENTED = N_("出租")


HUKOU_TYPES = ("农业", "非农业", "居民", "外来")

# 与户主关系, GB/T 4761-2008 (common codes).
RELATIONS: dict[str, str] = {
    "02": N_("户主"),
    "10": N_("配偶"),
    "11": N_("夫"),
    "12": N_("妻"),
    "20": N_("子"),
    "30": N_("女"),
    "40": N_("孙子女"),
    "41": N_("孙子"),
    "43": N_("孙女"),
    "50": N_("父母"),
    "51": N_("父亲"),
    "52": N_("母亲"),
    "60": N_("祖父母"),
    "70": N_("兄弟姐妹"),
    "80": N_("其他亲属"),
    "99": N_("非亲属"),
}

# What clerks type (the simplified census list and everyday words) → GB/T 4761 code.
RELATION_ALIASES: dict[str, str] = {
    "本人": "02", "户主": "02", "之户主": "02",
    "配偶": "10", "丈夫": "11", "夫": "11", "妻子": "12", "妻": "12", "爱人": "10",
    "子": "20", "儿子": "20", "长子": "20", "次子": "20", "三子": "20", "养子": "20", "继子": "20",
    "女": "30", "女儿": "30", "长女": "30", "次女": "30", "三女": "30", "养女": "30",
    "子女": "20",
    "孙子女": "40", "孙子": "41", "孙女": "43", "外孙": "40", "外孙子": "40", "外孙女": "40",
    "父母": "50", "父亲": "51", "母亲": "52", "父": "51", "母": "52",
    "岳父母或公婆": "80", "岳父": "80", "岳母": "80", "公公": "80", "婆婆": "80",
    "祖父母": "60", "祖父": "60", "祖母": "60", "外祖父": "60", "外祖母": "60",
    "媳婿": "80", "儿媳": "80", "媳妇": "80", "女婿": "80", "孙媳": "80",
    "兄弟姐妹": "70", "兄": "70", "弟": "70", "姐": "70", "妹": "70", "哥哥": "70", "弟弟": "70",
    "姐姐": "70", "妹妹": "70",
    "其他": "80", "其他亲属": "80", "侄子": "80", "侄女": "80",
    "非亲属": "99", "保姆": "99", "租户": "99",
}


def relation_code(text: str | None) -> str | None:
    """Map a relation as typed (code, GB/T name or clerk's word) to its GB/T 4761 code."""
    if text is None:
        return None
    value = "".join(str(text).split())
    if not value:
        return None
    if value in RELATIONS:
        return value
    if value.isdigit() and len(value) == 1:
        value = "0" + value
        if value in RELATIONS:
            return value
    for code, name in RELATIONS.items():
        if name == value:
            return code
    return RELATION_ALIASES.get(value)


def relation_name(code: str | None) -> str:
    return RELATIONS.get(code or "", "")


HEAD_RELATION = "02"

# 民族, GB 3304-1991.
ETHNIC_GROUPS: dict[str, str] = {
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族",
    "07": "彝族", "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族",
    "13": "瑶族", "14": "白族", "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族",
    "19": "黎族", "20": "傈僳族", "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族",
    "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族", "29": "柯尔克孜族",
    "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族",
    "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族",
    "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族",
    "46": "德昂族", "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族",
    "51": "独龙族", "52": "鄂伦春族", "53": "赫哲族", "54": "门巴族", "55": "珞巴族",
    "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
}


def ethnicity_code(text: str | None) -> str | None:
    if not text:
        return None
    value = str(text).strip()
    if value in ETHNIC_GROUPS:
        return value
    for code, name in ETHNIC_GROUPS.items():
        if value in (name, name.removesuffix("族")):
            return code
    return None


POLITICAL_STATUS = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
