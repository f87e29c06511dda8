"""The field registry of the models: what a clerk calls each table and each column of
store/models.py (办理结果, not ``outcome``). The audit decoder, the audit pane and the audit
ledger read it; ``tests/services/test_audit_decode.py`` fails when a model gains a column that
has no label here. Labels are marked ``N_`` and shown through ``tr``."""

from __future__ import annotations

from gridoffice.i18n import N_, tr

TABLE_LABELS = {
    "person": N_("居民"), "household": N_("住户"), "grid": N_("网格"), "staff": N_("网格员"),
    "post": N_("岗位"), "key_membership": N_("重点人群"), "returnee_stay": N_("返乡人员"),
    "campaign": N_("发放活动"), "kit_item": N_("物品"), "campaign_adjustment": N_("发放调整"),
    "entitlement": N_("发放名单"), "visit_rule": N_("走访规则"), "visit": N_("走访"),
    "visit_visitor": N_("走访人"), "matter": N_("事项"), "database": N_("数据库"),
    "health_profile": N_("健康信息"), "health_score_rule": N_("分级评分规则"),
    "health_tier_override": N_("人工分级"), "health_tier_snapshot": N_("分级周统计"), "data_change": N_("变更记录"),
    "tombstone": N_("已删除记录"), "sync_peer": N_("交换单位"), "sync_row": N_("收到的记录"),
    "sync_conflict": N_("数据冲突"), "sync_log": N_("数据包记录"), "sync_aggregate": N_("汇总数"),
    "doctor_signing": N_("家庭医生签约"), "health_service": N_("五到家服务"), "health_call": N_("电话随访"),
    "medicine_item": N_("药品箱药品"), "medicine_move": N_("药品出入库"),
}

# Columns that mean the same in every table.
COMMON = {
    "name": N_("名称"), "note": N_("备注"), "sort_order": N_("排列顺序"), "deleted_at": N_("删除时间"),
    "created_at": N_("创建时间"), "updated_at": N_("修改时间"), "grid_id": N_("所属网格"),
    "person_id": N_("居民"), "household_id": N_("所属户"), "staff_id": N_("网格员"),
    "campaign_id": N_("发放活动"), "phone": N_("电话"), "sex": N_("性别"), "state": N_("状态"),
    "category": N_("类别"), "risk_level": N_("风险等级"), "reason": N_("原因"),
    "current_address": N_("现住地"), "address": N_("地址"),
    # the exchange's columns (issue 19, store/travel.py)
    "uuid": N_("记录标识"), "version": N_("版本"), "modified_at": N_("最后修改时间"),
    "modified_by": N_("最后修改人"), "change_seq": N_("变更序号"), "table_name": N_("表"),
    "peer_uuid": N_("来源单位"), "seq": N_("包序号"), "sha256": N_("包校验值"), "counts": N_("行数"),
}

FIELDS: dict[str, dict[str, str]] = {
    "grid": {"parent_id": N_("上级网格"), "level": N_("网格层级"), "code": N_("网格编码"), "name": N_("网格名称"),
             "covers": N_("覆盖范围")},
    "staff": {"name": N_("姓名"), "name_pinyin": N_("姓名拼音"), "name_initials": N_("拼音首字母"),
              "background": N_("身份"), "party_member": N_("党员"), "photo_path": N_("照片"),
              "active": N_("在岗")},
    "post": {"role": N_("岗位"), "in_service_team": N_("服务团队成员"), "work_phone": N_("工作电话")},
    "household": {"number": N_("户号"), "village_group": N_("组"), "compound": N_("小区"), "building": N_("楼栋"),
                  "unit": N_("单元"), "door": N_("门牌/房号"), "address": N_("住址"), "hukou_type": N_("户口类型"),
                  "registered_here": N_("人户一致"), "residence_state": N_("居住状态")},
    "person": {"relation": N_("与户主关系"), "name": N_("姓名"), "name_pinyin": N_("姓名拼音"),
               "name_initials": N_("拼音首字母"), "id_number": N_("身份证号"), "birth_date": N_("出生日期"),
               "ethnicity": N_("民族"), "political_status": N_("政治面貌"), "hukou_address": N_("户籍地"),
               "status": N_("人员状态"), "status_date": N_("状态日期"), "household_id": N_("所属户")},
    "key_membership": {"category": N_("重点人群类别"), "attrs": N_("类别信息"), "since": N_("登记日期"),
                       "until": N_("截止日期")},
    "returnee_stay": {"arrived_on": N_("返乡日期"), "expected_departure": N_("预计离开日期"),
                      "left_on": N_("离开日期"), "from_place": N_("从何地返回"), "transport": N_("交通方式"),
                      "registered_on": N_("登记日期")},
    "campaign": {"name": N_("活动名称"), "reference_date": N_("基准日期"), "window_end": N_("补发截止日期"),
                 "min_age": N_("最低年龄"), "categories": N_("人群类别"), "grid_ids": N_("范围网格"),
                 "state": N_("活动状态")},
    "kit_item": {"name": N_("物品名称"), "quantity": N_("每份数量"), "unit": N_("单位")},
    "campaign_adjustment": {"include": N_("调整方式")},
    "entitlement": {"grid_id": N_("列入时的微网格"), "state": N_("发放状态"), "added_at": N_("列入时间"),
                    "reissue": N_("补发"), "handed_on": N_("发放日期"), "handed_by_id": N_("发放人"),
                    "method": N_("发放方式"), "proxy_name": N_("代领人"), "proxy_relation": N_("代领人关系")},
    "visit_rule": {"category": N_("重点人群类别"), "interval_days": N_("走访间隔（天）")},
    "visit": {"visit_date": N_("走访日期"), "visitors": N_("走访人"), "health": N_("健康状况"),
              "finances": N_("经济状况"), "care": N_("照料情况"), "safety": N_("水电气安全"), "needs": N_("诉求"),
              "follow_up": N_("跟进事项"), "grid_id": N_("走访网格")},
    "visit_visitor": {"visit_id": N_("走访记录"), "staff_id": N_("走访人")},
    "health_profile": {"chronic_diseases": N_("慢性病"), "chronic_state": N_("慢病情况"),
                       "vaccine_doses": N_("疫苗剂次"), "vaccine_last": N_("末次接种日期"),
                       "vaccine_state": N_("接种情况"), "mobility_limited": N_("行动不便")},
    "health_score_rule": {"factor": N_("评分因素"), "level": N_("档次"), "points": N_("分值")},
    "health_tier_override": {"tier": N_("人工分级"), "set_on": N_("设定日期")},
    "health_tier_snapshot": {"week": N_("周一日期"), "tier": N_("分级"), "count": N_("人数")},
    "data_change": {"name": N_("数据组"), "n": N_("变更次数"), "xid": N_("事务号")},
    "doctor_signing": {"doctor_id": N_("家庭医生"), "signed_on": N_("签约日期"), "expires_on": N_("到期日期")},
    "health_service": {"grid_id": N_("服务时所在微网格"), "service_type": N_("服务类型"), "service_date": N_("服务日期"),
                       "by_name": N_("服务人"), "by_staff_id": N_("服务人（网格员）")},
    "medicine_item": {"name": N_("药品名称"), "spec": N_("规格"), "unit": N_("单位"), "batch": N_("批号"),
                      "expires_on": N_("有效期至")},
    "medicine_move": {"item_id": N_("药品"), "kind": N_("出入库类别"), "moved_on": N_("日期"), "quantity": N_("数量"),
                      "person_id": N_("捐赠人/领取人（居民）"), "name": N_("捐赠人"), "grid_id": N_("居民所在微网格"),
                      "by_name": N_("经手人")},
    "health_call": {"called_on": N_("随访日期"), "reached": N_("是否打通"), "by_name": N_("随访人"),
                    "note": N_("情况记录")},
    "matter": {"reported_at": N_("反映时间"), "reporter_name": N_("反映人"), "reporter_person_id": N_("反映人（居民）"),
               "reporter_staff_id": N_("反映人（网格员）"), "address": N_("地点"), "category": N_("事项类别"),
               "description": N_("事项内容"), "urgency": N_("紧急程度"), "handler_staff_id": N_("办理人"),
               "responded_at": N_("响应时间"), "closed_at": N_("办结时间"), "outcome": N_("办理结果"),
               "state": N_("办理状态"), "transferred_to": N_("转办去向")},
    "tombstone": {"deleted_by": N_("删除人")},
    "sync_peer": {"db_uuid": N_("数据库标识"), "office_code": N_("行政区划代码"), "office_name": N_("单位名称"),
                  "public_key": N_("签名公钥"), "registered_at": N_("登记时间"), "last_seq": N_("最近包序号"),
                  "last_at": N_("最近收到时间"), "last_counts": N_("最近行数")},
    "sync_row": {"base": N_("收到时的内容"), "id_key": N_("居民化名键")},
    "sync_conflict": {"field": N_("字段"), "ours": N_("本方的值"), "theirs": N_("对方的值"),
                      "resolved_at": N_("处理时间"), "resolution": N_("处理结果")},
    "sync_log": {"direction": N_("方向"), "at": N_("时间"), "level": N_("数据级别"), "full": N_("全量"),
                 "upto": N_("截至变更序号"), "acked_at": N_("回执时间")},
    "sync_aggregate": {"grid_uuid": N_("网格标识"), "grid_code": N_("网格编码"), "grid_name": N_("网格名称"),
                       "period": N_("期间")},
}


def table_label(table: str) -> str:
    return tr(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def field_label(table: str, field: str) -> str:
    """The column's label; a column of no table known (an old trail) keeps the common label, or
    at least a label without underscores."""
    label = FIELDS.get(table, {}).get(field) or COMMON.get(field)
    if label is None:
        for labels in FIELDS.values():  # the same column name in another table
            if field in labels:
                return tr(labels[field])
        return field.replace("_", " ")
    return tr(label)
