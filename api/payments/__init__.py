"""Paying the customer once they signed: payee and bank account, a payment record with its status."""
