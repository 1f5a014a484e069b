"""Printed and exported documents: input is plain data, output is bytes or files."""
