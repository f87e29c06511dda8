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
    return {  # type: ignore[call-overload]
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

# 与户主关系, GB/T 4761-2008 (two-digit codes).
RELATIONS: dict[str, str] = {
    "01": N_("本人"), "02": N_("户主"),
    "10": N_("配偶"), "11": N_("夫"), "12": N_("妻"),
    "20": N_("子"), "21": N_("独生子"), "22": N_("长子"), "23": N_("次子"), "24": N_("三子"), "25": N_("四子"), "26": N_("五子"),
    "27": N_("养子或继子"), "28": N_("女婿"), "29": N_("其他儿子"),
    "30": N_("女"), "31": N_("独生女"), "32": N_("长女"), "33": N_("次女"), "34": N_("三女"), "35": N_("四女"), "36": N_("五女"),
    "37": N_("养女或继女"), "38": N_("儿媳"), "39": N_("其他女儿"),
    "40": N_("孙子、孙女、外孙子、外孙女"), "41": N_("孙子"), "42": N_("孙女"), "43": N_("外孙子"), "44": N_("外孙女"),
    "45": N_("孙媳妇或外孙媳妇"), "46": N_("孙女婿或外孙女婿"), "47": N_("曾孙子或外曾孙子"), "48": N_("曾孙女或外曾孙女"),
    "49": N_("其他孙子、孙女、外孙子、外孙女"),
    "50": N_("父母"), "51": N_("父亲"), "52": N_("母亲"), "53": N_("公公"), "54": N_("婆婆"), "55": N_("岳父"), "56": N_("岳母"),
    "57": N_("继父或养父"), "58": N_("继母或养母"), "59": N_("其他父母关系"),
    "60": N_("祖父母、外祖父母"), "61": N_("祖父"), "62": N_("祖母"), "63": N_("外祖父"), "64": N_("外祖母"),
    "65": N_("配偶的祖父母或外祖父母"), "66": N_("曾祖父"), "67": N_("曾祖母"), "68": N_("配偶的曾祖父母或外曾祖父母"),
    "69": N_("其他祖父母或外祖父母关系"),
    "70": N_("兄、弟、姐、妹"), "71": N_("兄"), "72": N_("嫂"), "73": N_("弟"), "74": N_("弟媳"), "75": N_("姐姐"), "76": N_("姐夫"),
    "77": N_("妹妹"), "78": N_("妹夫"), "79": N_("其他兄弟姐妹"),
    "80": N_("其他"), "81": N_("伯父"), "82": N_("伯母"), "83": N_("叔父"), "84": N_("婶母"), "85": N_("舅父"), "86": N_("舅母"),
    "87": N_("姨父"), "88": N_("姨母"), "89": N_("姑父"), "90": N_("姑母"), "91": N_("堂兄弟、堂姐妹"), "92": N_("表兄弟、表姐妹"),
    "93": N_("侄子"), "94": N_("侄女"), "95": N_("外甥"), "96": N_("外甥女"), "97": N_("其他亲属"),
    "99": N_("非亲属"),
}

# The names offered in pick lists: the common ones, in the order clerks think of them.
COMMON_RELATIONS = ("02", "10", "20", "30", "28", "38", "41", "42", "43", "44", "51", "52", "53", "54", "55",
                    "56", "61", "62", "63", "64", "71", "73", "75", "77", "93", "94", "80", "97", "99")

# What clerks type (the simplified census list and everyday words) → GB/T 4761 code.
RELATION_ALIASES: dict[str, str] = {
    "户主本人": "02", "之户主": "02",
    "丈夫": "11", "妻子": "12", "爱人": "10", "老伴": "10",
    "儿子": "20", "女儿": "30", "养子": "27", "继子": "27", "养女": "37", "继女": "37",
    "孙子女": "40", "外孙": "43", "孙媳": "45", "孙女婿": "46",
    "父": "51", "母": "52", "爸爸": "51", "妈妈": "52", "继父": "57", "养父": "57", "继母": "58", "养母": "58",
    "儿媳妇": "38", "媳妇": "38",
    "祖父母": "60", "外祖父母": "60", "爷爷": "61", "奶奶": "62", "外公": "63", "外婆": "64", "姥爷": "63", "姥姥": "64",
    "兄弟姐妹": "70", "哥哥": "71", "嫂子": "72", "弟弟": "73", "姐": "75", "妹": "77",
    "侄儿": "93", "外甥女儿": "96",
    "其他": "80", "其它": "80", "其他亲属": "97",
    "保姆": "99", "租户": "99", "租客": "99",
}

# Words of the simplified census list whose code depends on the person's sex.
RELATION_BY_SEX: dict[str, tuple[str, str]] = {  # word → (code for 男, code for 女)
    "子女": ("20", "30"),
    "媳婿": ("28", "38"),
    "岳父母或公婆": ("59", "59"),  # 公公/岳父 cannot be told apart from the word: 其他父母关系
    "孙子女": ("41", "42"),
    "父母": ("51", "52"),
    "祖父母": ("61", "62"),
    "兄弟姐妹": ("70", "70"),
}


_BY_NAME = {name: code for code, name in RELATIONS.items()}


def relation_code(text: str | None, sex: str | None = None) -> str | None:
    """Map a relation as typed (code, GB/T 4761 name or a clerk's word) to its GB/T 4761 code.
    Words such as 子女 or 媳婿 use ``sex`` ("男" / "女") when it is known."""
    if text is None:
        return None
    value = "".join(str(text).split())
    if not value:
        return None
    if value.isdigit() and len(value) == 1:
        value = "0" + value
    if value in RELATIONS:
        return value
    exact = _BY_NAME.get(value)  # a standard name keeps its own code (父母 stays 50)
    if exact is not None:
        return exact
    if value in RELATION_BY_SEX and sex in ("男", "女"):
        return RELATION_BY_SEX[value][0 if sex == "男" else 1]
    if value in RELATION_ALIASES:
        return RELATION_ALIASES[value]
    for code, name in RELATIONS.items():  # one part of a combined name: 兄 of 兄、弟、姐、妹
        if "、" in name and value in name.split("、") and code not in ("40", "70"):
            return code
    return RELATION_BY_SEX[value][0] if value in RELATION_BY_SEX else None


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
