"""Reading API answers in tests."""

LIST_PATHS = ["/api/v1/organizations/", "/api/v1/staff-positions/", "/api/v1/educators/", "/api/v1/employments/"]


def items(response, attr):
    """The values of one attribute on the page, in order; fails loudly on an error status."""
    assert response.status_code == 200, response.content
    return [row[attr] for row in response.json()["items"]]
