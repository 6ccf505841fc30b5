import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("TRUE", True), ("0", False), ("false", False), ("off", False)]
)
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_empty_counts_as_unset(monkeypatch):
    monkeypatch.setenv("FLAG", "")
    monkeypatch.setenv("NAME", "  ")
    monkeypatch.setenv("HOSTS", "")
    assert env_bool("FLAG", default=True) is True
    assert env_str("NAME", "default") == "default"
    assert env_list("HOSTS", ["a"]) == ["a"]


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", "example.org, www.example.org,,")
    assert env_list("HOSTS") == ["example.org", "www.example.org"]


def test_integers(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N") == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N")
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", minimum=0)
