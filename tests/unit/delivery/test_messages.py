"""How the dispatcher packs claimed deliveries into worker messages. Pure, no I/O."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from socialpub.delivery.dispatch import Claimed, messages


def claimed(*priorities: int, account: str = "a") -> list[Claimed]:
    return [Claimed(n, p, account) for n, p in enumerate(priorities, start=1)]


def test_a_burst_is_split_evenly_not_into_a_full_message_and_a_scrap() -> None:
    sizes = [len(ids) for ids, _ in messages(claimed(*[0] * 25), 20)]
    assert sizes == [13, 12]


def test_urgent_and_routine_deliveries_never_share_a_message() -> None:
    out = list(messages(claimed(9, 9, 0, 0, 0), 20))
    assert out == [([1, 2], 9), ([3, 4, 5], 0)]


def test_each_account_gets_its_own_messages_so_accounts_publish_in_parallel() -> None:
    items = [Claimed(1, 0, "a"), Claimed(2, 0, "b"), Claimed(3, 0, "a"), Claimed(4, 0, "c")]
    assert list(messages(items, 20)) == [([1, 3], 0), ([2], 0), ([4], 0)]


def test_the_size_may_differ_per_account() -> None:
    items = [Claimed(n, 0, "cannot-look-up" if n % 2 else "looks-up") for n in range(1, 7)]
    out = list(messages(items, lambda account: 1 if account == "cannot-look-up" else 20))
    assert out == [([1], 0), ([3], 0), ([5], 0), ([2, 4, 6], 0)]


def test_size_one_is_one_message_per_delivery() -> None:
    assert list(messages(claimed(0, 0, 5), 1)) == [([1], 0), ([2], 0), ([3], 5)]


@given(
    rows=st.lists(
        st.tuples(st.sampled_from([0, 0, 0, 5, 9]), st.sampled_from("abc")), max_size=200
    ).map(lambda rs: sorted(rs, key=lambda r: -r[0])),
    size=st.integers(min_value=1, max_value=50),
)
def test_every_delivery_is_sent_once_within_the_size_with_its_own_priority_and_account(
    rows: list[tuple[int, str]], size: int
) -> None:
    items = [Claimed(n, p, a) for n, (p, a) in enumerate(rows)]
    out = list(messages(items, size))
    sent = [i for ids, _ in out for i in ids]
    assert sorted(sent) == [c.delivery_id for c in items]
    assert all(0 < len(ids) <= size for ids, _ in out)
    by_id = {c.delivery_id: c for c in items}
    for ids, priority in out:
        assert {(by_id[i].priority, by_id[i].account) for i in ids} == {
            (priority, by_id[ids[0]].account)
        }
        assert ids == sorted(ids)  # in claim order within a message
    # more urgent messages first; no more messages than the size requires per priority+account
    assert [p for _, p in out] == sorted((p for _, p in out), reverse=True)
    groups = {(c.priority, c.account) for c in items}
    expected = sum(
        math.ceil(sum(1 for c in items if (c.priority, c.account) == g) / size) for g in groups
    )
    assert len(out) == expected
