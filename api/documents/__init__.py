"""Documents read by OCR: pre-filled fields the customer confirms or corrects, and cross-check flags."""
