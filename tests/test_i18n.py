from gridoffice import i18n


def test_tr_is_identity_until_a_translator_is_installed():
    assert i18n.tr("保存") == "保存"


def test_tr_uses_the_empty_context_like_lupdate():
    seen = []

    def fake(context, text, disambiguation):
        seen.append((context, text, disambiguation))
        return "Save" if text == "保存" else text

    i18n.install(fake)
    try:
        assert i18n.tr("保存") == "Save"
        assert i18n.tr("女", "relation") == "女"
    finally:
        i18n.install(None)
    assert seen == [("", "保存", None), ("", "女", "relation")]


def test_official_documents_stay_chinese_in_their_thread_only():
    import threading

    i18n.install(lambda context, text, disambiguation: "EN:" + text)
    try:
        seen = {}
        with i18n.source_language():
            seen["inside"] = i18n.tr("保存")
            worker = threading.Thread(target=lambda: seen.setdefault("other thread", i18n.tr("保存")))
            worker.start()
            worker.join()
        seen["after"] = i18n.tr("保存")
    finally:
        i18n.install(None)
    assert seen == {"inside": "保存", "other thread": "EN:保存", "after": "EN:保存"}
