"""The hand-out form's check against the street's list (``handed_check``): nothing to check
without a list; a person of this campaign handed a kit in another office is named with the
office and date; this office's own hand-outs and other campaigns are not."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.services.exchange import doubles, handed_check, keys, streetkey
from gridoffice.store import identity
from gridoffice.store.models import Campaign

KEY = "ef" * 32


def test_the_street_list_names_kits_handed_elsewhere(village, tmp_path):
    cid, _change = campaigns.create(village, campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(dt.date(2023, 1, 7), 60)))
    rows = lists.rows(village, lists.list_ids(village, cid)[:4])
    assert not handed_check.has_list(village)
    assert handed_check.warnings(village, cid, [r.id for r in rows]) == []
    with village.reading() as s:
        cuuid = s.execute(select(Campaign.uuid).where(Campaign.id == cid)).scalar_one()

    def line(row, office_uuid: str = "other", campaign: str = cuuid) -> dict:  # type: ignore[no-untyped-def]
        return {"campaign_uuid": campaign, "key": keys.id_key(KEY, row.id_number), "office_uuid": office_uuid,
                "office": "乙村", "handed_on": "2023-01-05"}

    body = {"format": doubles.HANDED_FORMAT, "street": "s",
            "rows": [line(rows[0]), line(rows[1], office_uuid=identity.database_uuid(village)),
                     line(rows[2], campaign="another-campaign")]}
    (tmp_path / "list.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    streetkey.street_key(village, value=KEY)
    doubles.load_handed(village, tmp_path / "list.json")
    assert handed_check.has_list(village)
    found = handed_check.warnings(village, cid, [r.id for r in reversed(rows)])
    assert found == [(rows[0].name, doubles.elsewhere(village, cid, rows[0].person_id))]
    assert "乙村" in found[0][1] and "2023-01-05" in found[0][1]
    assert handed_check.warnings(village, cid, [rows[3].id]) == []  # not listed: the list is not parsed
