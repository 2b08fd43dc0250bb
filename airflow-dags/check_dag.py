"""Static check of an Airflow DAG file, for machines where Airflow cannot be installed.

Parses the file with Python's ast (nothing is imported or executed) and prints one JSON object:
the dag_id, the DAG's keyword arguments and default_args, each task (task_id, operator, the base
class of a locally defined operator, java_class, application_args, conf, env_vars and every other
keyword as a literal where it is one, or "<callable NAME>" for a function), the module-level
functions and classes, and the dependency edges from `a >> b` chains. Exits 1 with a message when
the file does not parse, or the graph has a cycle or an edge to an unknown task.
"""
import ast
import json
import sys


def literal(node, env):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.Name) and node.id in env.get("__functions__", ()):
        return "<callable %s>" % node.id
    if isinstance(node, ast.List):
        return [literal(e, env) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {literal(k, env): literal(v, env) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "timedelta":
        kw = {k.arg: literal(k.value, env) for k in node.keywords}
        return {"timedelta": kw}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        left, right = literal(node.left, env), literal(node.right, env)
        if isinstance(left, int) and isinstance(right, int):
            return left * right
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left, env), literal(node.right, env)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
    return None


def main(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), filename=path)
    env, functions, classes = {}, {}, {}
    env["__functions__"] = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {"bases": [getattr(b, "id", getattr(b, "attr", None)) for b in node.bases],
                                  "methods": [f.name for f in node.body if isinstance(f, ast.FunctionDef)]}
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = literal(node.value, env)
            if value is not None:
                env[node.targets[0].id] = value
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = node

    def call_value(call):
        # a call of a module-level helper that returns a list literal with its parameter substituted
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in functions:
            fn = functions[call.func.id]
            params = [a.arg for a in fn.args.args]
            local = dict(env)
            for p, a in zip(params, call.args):
                local[p] = literal(a, env)
            ret = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
            return literal(ret[0].value, local) if ret else None
        return literal(call, env)

    dag_id, dag_kwargs, tasks, variables, edges = None, {}, {}, {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            kwargs = {k.arg: k.value for k in node.keywords if k.arg}
            if name == "DAG" and "dag_id" in kwargs:
                dag_id = literal(kwargs["dag_id"], env)
                dag_kwargs = {k: literal(v, env) for k, v in kwargs.items()}
            elif "task_id" in kwargs:
                task = {k: literal(v, env) for k, v in kwargs.items() if k != "application_args"}
                task["operator"] = name
                task["operator_bases"] = classes.get(name, {}).get("bases", [])
                task.setdefault("java_class", None)
                task["application_args"] = call_value(kwargs["application_args"]) if "application_args" in kwargs else None
                tasks[literal(kwargs["task_id"], env)] = task
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Call) and any(k.arg == "task_id" for k in node.value.keywords):
                tid = [k for k in node.value.keywords if k.arg == "task_id"][0]
                variables[node.targets[0].id] = literal(tid.value, env)

    def chain(expr):
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.RShift):
            left, right = chain(expr.left), chain(expr.right)
            edges.append((left[-1], right[0]))
            return left + right
        if isinstance(expr, ast.Name):
            return [variables.get(expr.id, expr.id)]
        raise SystemExit("unsupported dependency expression at line %d" % expr.lineno)

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, ast.RShift):
            chain(node.value)

    for a, b in edges:
        for t in (a, b):
            if t not in tasks:
                raise SystemExit("dependency names unknown task %r" % t)
    # cycle check (Kahn)
    indeg = {t: 0 for t in tasks}
    for _, b in edges:
        indeg[b] += 1
    ready = [t for t, d in indeg.items() if d == 0]
    seen = 0
    while ready:
        t = ready.pop()
        seen += 1
        for a, b in edges:
            if a == t:
                indeg[b] -= 1
                if indeg[b] == 0:
                    ready.append(b)
    if seen != len(tasks):
        raise SystemExit("the dependency graph has a cycle")
    env.pop("__functions__")
    print(json.dumps({"dag_id": dag_id, "dag": dag_kwargs, "tasks": tasks, "edges": edges,
                      "functions": sorted(functions), "classes": classes,
                      "env": {k: v for k, v in env.items() if isinstance(v, (str, dict, list))}},
                     sort_keys=True, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
