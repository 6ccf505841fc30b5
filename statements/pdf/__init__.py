"""The PDF of a statement: house style → CSS, a URL fetcher that reads only allowed files, rendering, versions."""
