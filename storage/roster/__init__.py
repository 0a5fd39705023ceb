"""Institutions, class groups and alumni: the roster, how it is read and checked, and its import."""
