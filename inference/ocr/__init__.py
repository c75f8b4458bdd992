"""Document OCR: text lines from an engine, turned into validated, boxed fields.

``engine`` reads text lines (RapidOCR with the PP-OCR models inside its wheel);
``orientation`` puts a rotated or skewed photo's lines upright; ``kinds`` names
the document; ``extract`` turns lines into ``fields.Field`` values with their
confidence and box; ``validate`` and ``crosscheck`` are pure checks;
``privacy`` masks what a role need not see; ``pipeline`` joins them.
"""
