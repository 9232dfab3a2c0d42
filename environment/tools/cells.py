#!/usr/bin/env python3
"""Edit a notebook as plain text and back (an optional authoring aid; nothing in the build or tests needs Python).

  python3 environment/tools/cells.py export notebooks/00-getting-started.ipynb > /tmp/00.cells
  python3 environment/tools/cells.py import /tmp/00.cells notebooks/00-getting-started.ipynb

The text form is a sequence of cells, each opened by a marker line:
  #%% markdown
  #%% csharp
  #%% csharp tags=parameters        (comma-separated cell tags)
  #%% markdown id=3f2a9c1e          (the cell's nbformat id; export writes it, import keeps it, a new cell gets one)
Import writes the Polyglot Notebooks nbformat-4 layout the executor and VS Code read (C# kernel metadata on every
code cell, outputs cleared). Trailing blank lines of a cell are dropped.
"""
import json, sys, uuid

META = {
    "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
    "language_info": {"file_extension": ".cs", "mimetype": "text/x-csharp", "name": "C#",
                      "pygments_lexer": "csharp", "version": "13.0"},
    "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}},
}

def lines(text):
    return text.splitlines(keepends=True)

def parse(text):
    cells, kind, tags, body, cid = [], None, [], [], None
    def flush():
        if kind is None:
            return
        src = "\n".join(body).rstrip("\n")
        ident = cid or uuid.uuid4().hex[:8]
        if kind == "markdown":
            cells.append({"cell_type": "markdown", "id": ident, "metadata": {}, "source": lines(src)})
        else:
            meta = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}
            if tags:
                meta["tags"] = tags
            cells.append({"cell_type": "code", "execution_count": None, "id": ident, "metadata": meta, "outputs": [], "source": lines(src)})
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#%%"):
            flush()
            parts = line[3:].split()
            if not parts or parts[0] not in ("markdown", "csharp"):
                sys.exit(f"line {number}: expected '#%% markdown' or '#%% csharp [tags=a,b]', got {line!r}")
            kind, tags, body, cid = parts[0], [], [], None
            for p in parts[1:]:
                if p.startswith("tags="):
                    tags = [t for t in p[5:].split(",") if t]
                elif p.startswith("id="):
                    cid = p[3:]
                else:
                    sys.exit(f"line {number}: unknown option {p!r}")
        elif kind is None:
            if line.strip():
                sys.exit(f"line {number}: text before the first '#%%' marker")
        else:
            body.append(line)
    flush()
    return {"cells": cells, "metadata": META, "nbformat": 4, "nbformat_minor": 5}

def export(nb):
    out = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        ident = " id=" + cell["id"] if cell.get("id") else ""
        if cell["cell_type"] == "markdown":
            out.append("#%% markdown" + ident)
        else:
            tags = cell.get("metadata", {}).get("tags", [])
            out.append("#%% csharp" + (" tags=" + ",".join(tags) if tags else "") + ident)
        out.append(src.rstrip("\n"))
        out.append("")
    return "\n".join(out)

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "export":
        with open(sys.argv[2], encoding="utf-8") as f:
            sys.stdout.write(export(json.load(f)))
    elif len(sys.argv) == 4 and sys.argv[1] == "import":
        with open(sys.argv[2], encoding="utf-8") as f:
            nb = parse(f.read())
        with open(sys.argv[3] + ".tmp", "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write("\n")
        import os
        os.replace(sys.argv[3] + ".tmp", sys.argv[3])
    else:
        sys.exit(__doc__)
