"""Revisits and satisfaction surveys (issue 14 item 4): the customer is called back at submitted
+ 3 days, assessed + 5 days and paid + 7 days (or within a week of closing, for a claim closed
without a payment), each time with a 5-point survey; a score of 2 or less opens a priority
follow-up for the desk; the weekly review reports mean overall satisfaction and response rate."""
