"""The import centre: File → Import... (schools, pupils) and the imports done before."""
