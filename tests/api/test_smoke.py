from portal.models import Message


def test_send_and_get(api, body):
    r = api.send(body)
    print(r.status_code, r.get_json())
    assert r.status_code == 201
    r2 = api.get(r.get_json()["links"]["self"])
    print(r2.get_json())
    assert Message.select().count() == 1
