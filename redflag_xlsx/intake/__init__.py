"""Reading filled forms back (SPEC 5): files and folders to one ``Submission``, every problem a
finding, and the annotated copies sent back to the units."""
