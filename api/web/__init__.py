"""Server-rendered pages for the customer, the adjuster, the complaint desk and the supervisor."""
