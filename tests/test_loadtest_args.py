"""loadtest/run.py takes gunicorn's address as arguments (it is not part of the suite itself)."""

import importlib.util
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def loadtest():
    spec = importlib.util.spec_from_file_location("loadtest_run", ROOT / "loadtest" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_host_and_port_default_to_127_0_0_1_8000(loadtest):
    args = loadtest.parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_host_and_port_are_taken_from_the_arguments(loadtest):
    args = loadtest.parse_args(["--host", "0.0.0.0", "--port", "8123"])
    assert (args.host, args.port) == ("0.0.0.0", 8123)
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--port", "tám nghìn"])


def test_an_address_in_use_is_told_before_anything_starts(loadtest):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert not loadtest.address_free("127.0.0.1", port)


def test_a_port_whose_last_connections_are_closing_is_free(loadtest):
    """Connections of the run just ended wait in TIME_WAIT on the server's port for a minute;
    gunicorn listens there anyway (SO_REUSEADDR), so the check lets the next run go on."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        served, _address = listener.accept()
        served.close()  # the server's side closes first: its port waits in TIME_WAIT
        client.close()
    assert loadtest.address_free("127.0.0.1", port)


def test_field_users_have_accounts_of_their_own_and_office_users_share_the_demo_ones(loadtest):
    """25 people logging visits are 25 accounts (each their own team row to lock), not two."""
    accounts = [loadtest.account(number) for number in range(50)]
    field = [name for role, name in accounts if role in (loadtest.LEADER, loadtest.MEMBER)]
    assert len(field) == len(set(field)) == 25
    assert {name for role, name in accounts if role == loadtest.OFFICE} == {loadtest.OFFICE}
    assert ("", "") in accounts  # the anonymous visitor
