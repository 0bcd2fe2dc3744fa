import pytest

from pasientforlop.networks.tests.factories import make_sweep_objects


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(people):
    return make_sweep_objects(people)
