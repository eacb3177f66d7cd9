"""What every workbook reader and writer shares: the layout of the forms, the cell reader, the
guards run before a file is parsed, the shared writing helpers and the forms' signatures."""
