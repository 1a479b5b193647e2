"""Protecting the store: init, encrypt, decrypt, passphrase, backup, restore, forget, erase-all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import Options, app, service_context

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
Keyring = Annotated[
    bool,
    typer.Option("--keyring", help="Keep the passphrase in your system keyring for this database."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of sentences.")]


def _opts(ctx: typer.Context) -> Options:
    opts: Options = ctx.find_root().obj
    return opts


def _current_passphrase(db: str | None) -> str:
    """The passphrase of an encrypted database: env, keyring, or asked."""
    from ebbtide.cli.secrets import ask_passphrase
    from ebbtide.domain.errors import StoreError
    from ebbtide.service import db_file, resolve_passphrase

    value = resolve_passphrase(db) or ask_passphrase(db_file(db))
    if not value:
        raise StoreError(
            f"{db_file(db)} is encrypted: give its passphrase (EBBTIDE_PASSPHRASE or the prompt)"
        )
    return value


@app.command()
def init(
    ctx: typer.Context,
    encrypt: Annotated[
        bool, typer.Option("--encrypt", help="Encrypt the new database with a passphrase.")
    ] = False,
    keyring: Keyring = False,
) -> None:
    """Create a new, empty database (encrypted with --encrypt)."""
    import os

    from ebbtide.cli.secrets import new_passphrase
    from ebbtide.service import ENV_PASSPHRASE, init_store

    passphrase = new_passphrase(ENV_PASSPHRASE) if encrypt else None
    if not encrypt and os.environ.get(ENV_PASSPHRASE):
        passphrase = os.environ[ENV_PASSPHRASE]
    where = init_store(_opts(ctx).db, passphrase=passphrase, keyring=keyring)
    output.say((msg.INIT_ENCRYPTED if passphrase else msg.INIT_DONE).format(path=where))
    if passphrase:
        output.say(msg.KEYRING_SAVED if keyring else msg.PASSPHRASE_NOTE)


@app.command("encrypt")
def encrypt_cmd(ctx: typer.Context, keyring: Keyring = False) -> None:
    """Encrypt an existing database with a passphrase (SQLCipher)."""
    from ebbtide.cli.secrets import new_passphrase
    from ebbtide.service import ENV_PASSPHRASE, encrypt_store

    path = encrypt_store(_opts(ctx).db, new_passphrase(ENV_PASSPHRASE), keyring=keyring)
    output.say(msg.ENCRYPTED.format(path=path))
    output.say(msg.KEYRING_SAVED if keyring else msg.PASSPHRASE_NOTE)


@app.command("decrypt")
def decrypt_cmd(ctx: typer.Context, yes: Yes = False) -> None:
    """Store an encrypted database unencrypted again."""
    from ebbtide.cli.secrets import confirm
    from ebbtide.service import db_file, decrypt_store

    db = _opts(ctx).db
    if not confirm(msg.DECRYPT_CONFIRM.format(path=db_file(db)), yes):
        output.say(msg.CANCELLED)
        return
    path = decrypt_store(db, _current_passphrase(db))
    output.say(msg.DECRYPTED.format(path=path))


@app.command("passphrase")
def passphrase_cmd(ctx: typer.Context, keyring: Keyring = False) -> None:
    """Change the passphrase of an encrypted database (new one from the prompt or $EBBTIDE_NEW_PASSPHRASE)."""
    from ebbtide.cli.secrets import ENV_NEW_PASSPHRASE, new_passphrase
    from ebbtide.service import change_passphrase, remember_passphrase

    db = _opts(ctx).db
    old = _current_passphrase(db)
    new = new_passphrase(ENV_NEW_PASSPHRASE)
    path = change_passphrase(db, old, new)
    if keyring:
        remember_passphrase(path, new)
    output.say(msg.REKEYED.format(path=path))
    if keyring:
        output.say(msg.KEYRING_SAVED)


@app.command()
def backup(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--output", help="The backup file to write.")],
    as_json: Json = False,
) -> None:
    """A consistent copy of the database, safe to take while ebbtide is in use."""
    from ebbtide.service import backup as run_backup

    info = run_backup(service_context(ctx, create=False), out)
    if as_json:
        output.emit_json({"file": str(info.path), "encrypted": info.encrypted})
        return
    extra = msg.BACKUP_ENCRYPTED if info.encrypted else ""
    output.say(msg.BACKUP_DONE.format(path=info.path, encrypted=extra))


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by `ebbtide backup`.")],
    yes: Yes = False,
) -> None:
    """Replace the database with a backup (asks first)."""
    from ebbtide.cli.secrets import confirm
    from ebbtide.service import db_file, is_encrypted_file, resolve_passphrase
    from ebbtide.service import restore as run_restore

    db = _opts(ctx).db
    path = db_file(db)
    passphrase = None
    if is_encrypted_file(file):
        passphrase = resolve_passphrase(db) or _current_passphrase(str(file))
    from ebbtide.service import check_backup

    check_backup(file, passphrase)
    if not confirm(msg.RESTORE_CONFIRM.format(path=path, backup=file), yes):
        output.say(msg.CANCELLED)
        return
    restored = run_restore(db, file, passphrase)
    output.say(msg.RESTORED.format(path=restored, backup=file))


@app.command()
def forget(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The person's name or #id.")],
    yes: Yes = False,
) -> None:
    """Forget a person: delete them and every record that names only them."""
    from ebbtide.cli.secrets import confirm
    from ebbtide.service import forget as run_forget
    from ebbtide.service import forget_plan

    c = service_context(ctx, create=False)
    plan = forget_plan(c, person)
    name, fp = plan.person.name, plan.footprint
    output.say(msg.FORGET_LIST.format(name=name))
    output.say(msg.FORGET_PERSON.format(name=name))
    for line, n in (
        (msg.FORGET_CONTACTS, fp.contacts_only_them),
        (msg.FORGET_SHARED, fp.contacts_shared),
        (msg.FORGET_BOUNDARIES, fp.boundaries),
        (msg.FORGET_STEPS, fp.steps),
    ):
        if n:
            output.say(line.format(n=n, name=name))
    if not confirm(msg.FORGET_CONFIRM.format(name=name), yes):
        output.say(msg.CANCELLED)
        return
    run_forget(c, plan.person.id or 0)
    output.say(msg.FORGOTTEN.format(name=name))


@app.command("erase-all")
def erase_all(ctx: typer.Context, yes: Yes = False) -> None:
    """Erase the whole store for good (asks first)."""
    from ebbtide.cli.secrets import confirm
    from ebbtide.service import erase_all as run_erase

    opts = _opts(ctx)
    c = service_context(ctx, create=False)
    where = c.store.path or c.store.url.split("@")[-1]
    if not confirm(msg.ERASE_CONFIRM.format(path=where), yes):
        output.say(msg.CANCELLED)
        return
    subject = c.subject
    run_erase(c)
    opts._ctx = None
    if c.store.path is None:
        output.say(msg.ERASED_SUBJECT.format(subject=subject, path=where))
    else:
        output.say(msg.ERASED.format(path=where))
