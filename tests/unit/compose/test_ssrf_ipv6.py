"""The SSRF filter: IPv6 forms that carry a private IPv4 address inside are private too."""

from __future__ import annotations

import pytest

from socialpub.compose.sources import BlockedURL, FetchPolicy, is_public, vet


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:0:7f00:1",  # IPv4-translated (SIIT)
        "64:ff9b::a9fe:a9fe",  # NAT64 to the metadata address 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 to 10.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, client 192.0.2.45
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
    ],
)
def test_ipv6_that_embeds_a_private_ipv4_is_not_public(address: str) -> None:
    assert not is_public(address)
    with pytest.raises(BlockedURL):
        vet(f"http://[{address}]/", FetchPolicy(), lambda host, port: [])


@pytest.mark.parametrize(
    "address", ["2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"]
)
def test_ipv6_that_embeds_a_public_ipv4_stays_public(address: str) -> None:
    assert is_public(address)


def test_a_name_resolving_to_an_embedding_address_is_refused() -> None:
    with pytest.raises(BlockedURL, match="64:ff9b::a9fe:a9fe"):
        vet("http://sneaky.example/", FetchPolicy(), lambda host, port: ["64:ff9b::a9fe:a9fe"])
