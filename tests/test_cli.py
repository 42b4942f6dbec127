"""The administrator's commands: what they make, and a one-line error with exit code 2 on bad input."""

import pytest

from portal.models import Account, Citizen, Organisation, SenderUser

PASSWORD = {"PORTAL_PASSWORD": "a long password"}


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(args=["portal", *args], **kwargs)

    return invoke


def test_init_db_is_safe_to_run_again(run):
    result = run("init-db")
    assert result.exit_code == 0 and "up to date" in result.output


def test_create_citizen_makes_an_account_with_an_inbox(run):
    result = run("create-citizen", "--email", "Jan@Example.nl", "--bsn", "999990019", "--name", "Jan",
                 "--language", "en", env=PASSWORD)
    assert result.exit_code == 0, result.output
    citizen = Citizen.get(Citizen.bsn == "999990019")
    assert citizen.account.email == "jan@example.nl" and citizen.account.language == "en"


def test_create_citizen_takes_over_the_record_of_someone_who_had_mail_by_post(run):
    from datetime import datetime

    known = Citizen.create(account=None, bsn="999990019", created_at=datetime(2026, 1, 5), address_city="Utrecht")
    result = run("create-citizen", "--email", "jan@example.nl", "--bsn", "999990019", "--name", "Jan", env=PASSWORD)
    assert result.exit_code == 0, result.output
    citizen = Citizen.get(Citizen.bsn == "999990019")
    assert citizen.id == known.id and citizen.account.email == "jan@example.nl" and citizen.address_city == "Utrecht"
    again = run("create-citizen", "--email", "other@example.nl", "--bsn", "999990019", "--name", "Other",
                env=PASSWORD)
    assert again.exit_code == 2 and "already exists" in again.output
    assert Account.select().count() == 1


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["--email", "jan@example.nl", "--bsn", "123456789", "--name", "J"], "a long password", "11-test"),
        (["--email", "not-an-email", "--bsn", "999990019", "--name", "J"], "a long password", "e-mail"),
        (["--email", "jan@example.nl", "--bsn", "999990019", "--name", "J"], "short", "10 characters"),
    ],
)
def test_create_citizen_refuses_bad_input_with_one_line_and_exit_2(run, args, password, message):
    result = run("create-citizen", *args, env={"PORTAL_PASSWORD": password})
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1
    assert Account.select().count() == 0


def test_create_org_and_sender_user(run):
    assert run("create-org", "--slug", "duo", "--name-nl", "DUO", "--name-en", "DUO").exit_code == 0
    result = run("create-sender-user", "--org", "duo", "--email", "staff@duo.example", env=PASSWORD)
    assert result.exit_code == 0, result.output
    assert SenderUser.get().organisation.slug == "duo"
    again = run("create-org", "--slug", "duo", "--name-nl", "DUO", "--name-en", "DUO")
    assert again.exit_code == 2 and "already exists" in again.output
    bad = run("create-sender-user", "--org", "nope", "--email", "x@duo.example", env=PASSWORD)
    assert bad.exit_code == 2 and "No organisation" in bad.output


def test_without_the_environment_variable_the_password_is_asked_twice_and_not_shown(run, app):
    result = run("create-citizen", "--email", "jan@example.nl", "--bsn", "999990019", "--name", "Jan",
                 input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert "a long password" not in result.output
    from tests.conftest import Pages

    assert Pages(app.test_client()).login("jan@example.nl", "a long password").status_code == 302


@pytest.mark.parametrize("command, args", [
    ("create-citizen", ["--email", "jan@example.nl", "--bsn", "999990019", "--name", "Jan"]),
    ("create-sender-user", ["--org", "duo", "--email", "staff@duo.example"]),
    ("seed-demo", []),
])
def test_a_password_on_the_command_line_is_refused_with_one_line_and_exit_2(run, command, args):
    run("create-org", "--slug", "duo", "--name-nl", "DUO", "--name-en", "DUO")
    result = run(command, *args, "--password", "a long password")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "not on the command line" in result.output and "_PASSWORD" in result.output
    assert Account.select().count() == 0
    assert "--password" not in run(command, "--help").output


def test_create_org_refuses_a_bad_slug(run):
    result = run("create-org", "--slug", "Not A Slug", "--name-nl", "X", "--name-en", "X")
    assert result.exit_code == 2 and Organisation.select().count() == 0


def test_seed_demo_makes_the_demo_accounts_and_prints_them(run, app):
    result = run("seed-demo", env={"DEMO_PASSWORD": "another demo password"})
    assert result.exit_code == 0, result.output
    for email in ("burger@example.nl", "buur@example.nl", "helper@example.nl", "afzender@example.nl"):
        assert email in result.output and Account.by_email(email)
    client = app.test_client()
    from tests.conftest import Pages

    assert Pages(client).login("burger@example.nl", "another demo password").status_code == 302
    again = run("seed-demo", "--if-empty")
    assert again.exit_code == 0 and "already" in again.output


def test_seed_demo_is_refused_in_production(tmp_path, database_url):
    from portal import create_app
    from tests.conftest import make_config

    app = create_app(make_config(tmp_path, database_url, ENV="production"))
    result = app.test_cli_runner().invoke(args=["portal", "seed-demo"])
    assert result.exit_code == 2 and "production" in result.output
    assert Account.select().count() == 0
