"""Make ``schema-<rev>.db``: a small database at the program's current head revision, with rows
in every table. Run it once per released schema version and keep the file; the migration tests
upgrade every kept file to head and check that every row is still there.

    python tests/data/make_schema_fixture.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from gridoffice.domain.idcard import make_id
from gridoffice.store import Database, migrate
from gridoffice.store.models import (
    AuditEvent,
    Campaign,
    CampaignAdjustment,
    DoctorSigning,
    Entitlement,
    Grid,
    HealthCall,
    HealthProfile,
    HealthScoreRule,
    HealthService,
    HealthTierOverride,
    HealthTierSnapshot,
    Household,
    KeyMembership,
    KitItem,
    Matter,
    MedicineItem,
    MedicineMove,
    Person,
    Post,
    ReturneeStay,
    Setting,
    Staff,
    Visit,
    VisitRule,
    VisitVisitor,
)
from gridoffice.store.models_sync import (
    SyncAggregate,
    SyncConflict,
    SyncLog,
    SyncPeer,
    SyncRow,
    Tombstone,
)


def main() -> None:
    out = Path(__file__).with_name(f"schema-{migrate.head()}.db")
    if out.exists():
        sys.exit(f"{out} exists: a released schema's fixture is never remade")
    db = Database.open(str(out), operator="fixture")
    with db.session() as s:
        s.add(Setting(key="office_name", value="测试村"))
        root = Grid(level="community", code="T", name="测试村")
        s.add(root)
        s.flush()
        general = Grid(level="general", code="T-01", name="第一网格", parent_id=root.id)
        s.add(general)
        s.flush()
        micros = [Grid(level="micro", code=f"T-01-0{i}", name=f"第{i}微网格", parent_id=general.id, covers=f"{i}组")
                  for i in (1, 2)]
        s.add_all(micros)
        s.flush()
        staff = Staff(name="李梅", sex="女", phone="13800000001", background="组长")
        s.add(staff)
        s.flush()
        s.add(Post(staff_id=staff.id, grid_id=micros[0].id, role="微网格长", in_service_team=True))
        persons = []
        for h in range(3):
            house = Household(number=f"T{h:03d}", grid_id=micros[h % 2].id, village_group=f"{h % 2 + 1}组",
                              door=f"{h + 1}号", address=f"测试村{h % 2 + 1}组{h + 1}号")
            s.add(house)
            s.flush()
            for k, relation in enumerate(("02", "10")):
                born = dt.date(1950 + h * 10 + k, 3, 2)
                p = Person(household_id=house.id, relation=relation, name=f"测试{h}{k}", sex="男" if k == 0 else "女",
                           birth_date=born, id_number=make_id("510124", born, 11 if k == 0 else 12))
                s.add(p)
                persons.append(p)
        s.flush()
        s.add(KeyMembership(person_id=persons[0].id, category="elderly", attrs={"living": "独居"}))
        s.add(ReturneeStay(person_id=persons[3].id, arrived_on=dt.date(2023, 1, 10), from_place="广东东莞",
                             registered_on=dt.date(2023, 1, 12)))
        camp = Campaign(name="健康爱心包", reference_date=dt.date(2023, 1, 7), min_age=60)
        s.add(camp)
        s.flush()
        s.add(KitItem(campaign_id=camp.id, name="口罩", quantity=10, unit="只"))
        s.add(CampaignAdjustment(campaign_id=camp.id, person_id=persons[2].id, include=True, reason="独居"))
        s.add(Entitlement(campaign_id=camp.id, person_id=persons[0].id, grid_id=micros[0].id, state="handed",
                          handed_on=dt.date(2023, 1, 8), handed_by_id=staff.id, method="上门"))
        s.add(VisitRule(category="elderly", interval_days=7))
        visit = Visit(person_id=persons[0].id, visit_date=dt.date(2023, 1, 9), visitors="李梅", health="良好")
        s.add(visit)
        s.flush()
        s.add(VisitVisitor(visit_id=visit.id, staff_id=staff.id))
        s.add(Matter(reported_at=dt.datetime(2023, 1, 9, 9, 30), reporter_name="测试00", category="设施报修",
                     description="路灯不亮", grid_id=micros[0].id))
        s.add(AuditEvent(operator="fixture", action="insert", table_name="grid", row_id=root.id))
        # health (0003)
        doctor = Staff(name="周婷", sex="女", phone="13800000002", background="医生")
        s.add(doctor)
        s.flush()
        s.add(Post(staff_id=doctor.id, grid_id=micros[0].id, role="家庭医生", in_service_team=True))
        s.add(HealthProfile(person_id=persons[0].id, chronic_diseases="高血压", chronic_state="稳定", vaccine_doses=2,
                            vaccine_last=dt.date(2022, 12, 20), vaccine_state="未全程", mobility_limited=True))
        s.add(HealthScoreRule(factor="vaccine", level="未全程", points=2))
        s.add(HealthTierOverride(person_id=persons[1].id, tier="黄", reason="独居", set_on=dt.date(2023, 1, 7)))
        s.add(HealthTierSnapshot(week=dt.date(2023, 1, 2), grid_id=micros[0].id, tier="红", count=1))
        s.add(DoctorSigning(person_id=persons[0].id, doctor_id=doctor.id, signed_on=dt.date(2022, 3, 1),
                            expires_on=dt.date(2023, 2, 28)))
        s.add(HealthService(household_id=persons[0].household_id, person_id=persons[0].id, grid_id=micros[0].id,
                            service_type="送医到家", service_date=dt.date(2023, 1, 9), by_name="周婷",
                            by_staff_id=doctor.id, note="量血压"))
        # exchange (0004)
        peer = "0" * 31 + "1"
        s.add(Tombstone(table_name="matter", uuid="f" * 32, deleted_by="fixture", change_seq=1))
        s.add(SyncPeer(db_uuid=peer, office_code="510100000001", office_name="甲村", public_key="ab" * 32,
                       last_seq=1, last_counts={"person": 1}))
        s.add(SyncRow(table_name="person", uuid="e" * 32, peer_uuid=peer, base={"name": "测试"}, id_key="c" * 64))
        s.add(SyncConflict(peer_uuid=peer, table_name="person", uuid="e" * 32, field="phone",
                           ours='"13800000001"', theirs='"13800000009"'))
        s.add(SyncLog(direction="in", peer_uuid=peer, seq=1, sha256="d" * 64, level="full", full=True,
                      upto={"person": 1}, counts={"person": 1}))
        s.add(SyncAggregate(peer_uuid=peer, grid_uuid="b" * 32, grid_code="510100000001001", grid_name="第1网格",
                            period="2023-01", counts={"persons": 1}))
        # medicine box (0005), daily calls (0006)
        item = MedicineItem(name="布洛芬缓释胶囊", spec="0.3g×20粒", unit="盒", batch="B2301",
                            expires_on=dt.date(2024, 6, 30))
        s.add(item)
        s.flush()
        s.add(MedicineMove(item_id=item.id, kind="入库", moved_on=dt.date(2023, 1, 5), quantity=3, name="热心村民",
                           by_name="李梅"))
        s.add(MedicineMove(item_id=item.id, kind="发放", moved_on=dt.date(2023, 1, 9), quantity=1,
                           person_id=persons[0].id, grid_id=micros[0].id, by_name="李梅"))
        s.add(HealthCall(person_id=persons[0].id, called_on=dt.date(2023, 1, 9), reached=False, by_name="周婷"))
        s.add(HealthCall(person_id=persons[0].id, called_on=dt.date(2023, 1, 9), reached=True, by_name="周婷",
                         note="体温正常"))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    db.close()
    print(out)


if __name__ == "__main__":
    main()
