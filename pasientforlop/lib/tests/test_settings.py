import os
import subprocess
import sys


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PASIENTFORLOP_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import pasientforlop.settings"],
        env=clean,
        capture_output=True,
        text=True,
    )


def test_starting_without_debug_and_without_a_secret_key_fails_loudly(tmp_path):
    result = _import_settings(PASIENTFORLOP_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "PASIENTFORLOP_SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key(tmp_path):
    result = _import_settings(PASIENTFORLOP_DATA_DIR=str(tmp_path), PASIENTFORLOP_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_refused_with_its_name(tmp_path):
    result = _import_settings(PASIENTFORLOP_DATA_DIR=str(tmp_path), PASIENTFORLOP_DEBUG="maybe")
    assert "PASIENTFORLOP_DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = (
        "from django.conf import settings; import django; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASIENTFORLOP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="pasientforlop.settings",
        PASIENTFORLOP_SECRET_KEY="x" * 50,
        PASIENTFORLOP_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://u@127.0.0.1:5/db",
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
    env.pop("DATABASE_URL")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr
