"""create-api-key prints the key once; revoke-api-key and list-api-keys."""

from __future__ import annotations

from portal.api import keys
from portal.models import ApiKey


def run(app, *args):
    return app.test_cli_runner().invoke(args=["portal", *args])


def test_create_api_key_prints_the_key_once_and_stores_only_its_hash(app, organisation):
    result = run(app, "create-api-key", "--org", organisation.slug, "--kind", "live", "--name", "tax system")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("ptl_live_") and len(secret) > 40
    key = ApiKey.get()
    assert key.kind == "live" and key.name == "tax system" and key.key_hash == keys.hash_key(secret)
    assert keys.find(secret) == key


def test_create_api_key_for_an_unknown_organisation_fails_with_one_line(app):
    result = run(app, "create-api-key", "--org", "nobody", "--kind", "test")
    assert result.exit_code == 2 and "Error: No organisation with slug 'nobody'." in result.output


def test_revoke_api_key_by_its_prefix_and_list(app, organisation, live_key, test_key):
    listed = run(app, "list-api-keys", "--org", organisation.slug).output
    assert live_key.key.prefix in listed and test_key.key.prefix in listed and "active" in listed
    result = run(app, "revoke-api-key", "--org", organisation.slug, "--key", live_key.key.prefix)
    assert result.exit_code == 0, result.output
    assert ApiKey.get_by_id(live_key.key.id).revoked_at is not None
    assert ApiKey.get_by_id(test_key.key.id).revoked_at is None
    again = run(app, "revoke-api-key", "--org", organisation.slug, "--key", live_key.secret)
    assert again.exit_code == 2 and "already revoked" in again.output


def test_revoke_needs_a_prefix_that_names_one_key(app, organisation, live_key, test_key):
    result = run(app, "revoke-api-key", "--org", organisation.slug, "--key", "ptl_")
    assert result.exit_code == 2 and "2 keys" in result.output
