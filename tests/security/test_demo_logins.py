"""load_demo creates logins with a password printed in the README: production refuses it unless asked for."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_with_debug_off_load_demo_is_refused_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-demo-logins"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="coordinator").exists()


def test_with_debug_off_the_flag_allows_it(settings):
    settings.DEBUG = False
    call_command("load_demo", "--allow-demo-logins", stdout=StringIO())
    assert get_user_model().objects.filter(username="coordinator").exists()


def test_with_debug_on_no_flag_is_needed(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert get_user_model().objects.filter(username="coordinator").exists()
