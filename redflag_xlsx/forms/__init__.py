"""The input workbooks handed out each quarter (SPEC 4): building, instructions, the roster
workbook ``init`` writes, and typing values into blank forms (demo and tests)."""
