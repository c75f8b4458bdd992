"""Self-service for customers: the document checklist per scenario, the published deadlines with
their monthly achievement rates, and one FAQ base that pages, the API and staff all read."""
