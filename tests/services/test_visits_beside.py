"""The visits' reads run beside each other (``visits.core._beside``): same result, errors reach the caller."""

import threading

import pytest

from gridoffice.services.visits import core as visits


def test_beside_gives_the_result_from_another_thread() -> None:
    caller = threading.get_ident()
    seen: list[int] = []

    def read() -> list[int]:
        seen.append(threading.get_ident())
        return [1, 2, 3]

    assert visits._beside(read)() == [1, 2, 3]
    assert seen and seen[0] != caller


def test_beside_raises_the_reads_error_in_the_caller() -> None:
    def read() -> int:
        raise LookupError("无此网格")

    result = visits._beside(read)
    with pytest.raises(LookupError, match="无此网格"):
        result()
