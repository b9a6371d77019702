"""The provider registry raises Ember errors that say the fix, never bare builtins."""

from __future__ import annotations

import asyncio

import pytest

from ember.errors import InvalidProvider, ModelError, UnknownProvider
from ember.models import models, register_provider
from ember.models._providers import check_endpoint
from ember.models._sim import SimProvider


@pytest.mark.parametrize("prefix", ["Upper", "has space", "", "a/b"])
def test_a_malformed_prefix_is_an_invalid_provider(prefix: str) -> None:
    with pytest.raises(InvalidProvider) as info:
        register_provider(prefix, SimProvider())
    message = str(info.value)
    assert repr(prefix) in message and "lowercase letters" in message and "Fix:" in message
    assert isinstance(info.value, ModelError) and isinstance(info.value, ValueError)


def test_an_object_that_is_not_a_provider_is_refused_with_the_fix() -> None:
    with pytest.raises(InvalidProvider, match=r"expected a Provider, got dict\. Fix: subclass "
                       r"ember\.models\.Provider"):
        register_provider("notone", {})  # type: ignore[arg-type]


def test_an_unknown_prefix_lists_the_known_ones() -> None:
    with pytest.raises(UnknownProvider) as info:
        models("nosuchprefix/x", "Hi")
    message = str(info.value)
    assert "no provider `nosuchprefix`" in message and "sim" in message and "Fix:" in message
    assert isinstance(info.value, LookupError) and info.value.model_id == "nosuchprefix/x"


def test_checking_an_endpoint_that_is_not_http_says_which_to_name() -> None:
    with pytest.raises(UnknownProvider, match=r"'sim' is not an HTTP provider or endpoint\. "
                       r"Fix: name a built-in HTTP provider"):
        asyncio.run(check_endpoint("sim"))
