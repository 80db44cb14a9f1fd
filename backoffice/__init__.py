"""The back office: what changes the store after the build and who may do
so. Imports (read, check, store, roll back; their Dutch messages in
`import_messages`), the login (`auth`), meeting snapshots, retention of old
versions and map files, and the Regie page's progress records. Builds on
`loaders/` (the build, the store and its published versions), never the
reverse; `python -m loaders` is the command line of both."""
