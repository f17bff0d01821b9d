"""The page at `/`: where "View site" and a bare host lead."""


def test_landing__anonymous__answers_200_with_sign_in_hint(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"sign in first" in response.content
    assert b'href="/admin/"' in response.content
