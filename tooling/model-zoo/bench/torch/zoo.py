"""The PyTorch twins of the model zoo (tooling/model-zoo/src/models). Two uses:

  zoo.py serve      reads JSON requests on stdin, one per line, and answers each with one JSON line:
                    {"model", "scale", "batch", "imageSize", "threads", "warmup", "repeats"} ->
                    median ms of a training step (forward, backward, Adam) on random inputs, the input
                    shapes (the TypeScript side checks they are its own), peak bytes allocated.
  zoo.py fixture M  writes fixtures/M.json: the twin's initial weights (tfjs layout), 20 steps of
                    inputs, and the losses PyTorch computes from them.

Run with Debian's interpreter (/usr/bin/python3, python3-torch)."""
import base64, importlib, json, os, statistics, sys, time
import numpy as np
import torch
from common import tfjs_layout

sys.path.insert(0, os.path.dirname(__file__))
TWINS = {"cgan": "twin_cgan", "q6-cnn": "twin_q6_cnn", "nb201": "twin_nas", "darts": "twin_nas",
         "stylegan": "twin_stylegan", "cyclegan": "twin_cyclegan", "mtl-cnn": "twin_mtl_text",
         "mtl-bigru": "twin_mtl_text", "mtl-transformer": "twin_mtl_text", "word2vec": "twin_word2vec",
         "conv-layer": "twin_layers", "dense-layer": "twin_layers"}
FIXTURE_STEPS = 20
FIRST_STEP_SEED = 1000


def twin_class(name):
    module = importlib.import_module(TWINS[name])
    return getattr(module, "twin_for")(name) if hasattr(module, "twin_for") else module.Twin


def draw(spec, generator):
    shape, kind, high = spec
    if kind == "int":
        return torch.randint(0, high, shape, generator=generator, dtype=torch.int32)
    if kind == "uniform":
        return torch.rand(shape, generator=generator) * 2 - 1
    return torch.randn(shape, generator=generator)


def random_inputs(twin, generator):
    return {name: draw(spec, generator) for name, spec in twin.inputs().items()}


M32 = 0xFFFFFFFF


def mulberry32(seed):
    """The fixtures' input generator, bit for bit as src/fixture-inputs.ts: the inputs of a step are
    regenerated from its seed on both sides instead of being stored."""
    state = seed & M32

    def next_uniform():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = ((state ^ (state >> 15)) * (1 | state)) & M32
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & M32)) & M32) ^ t
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return next_uniform


def fixture_inputs(specs, seed):
    """'uniform' 2u - 1, 'normal' Irwin-Hall (sum of 12 uniforms - 6: exact in float64, so both sides
    agree to the bit), 'int' floor(u * high); drawn in the order of `specs`."""
    uniform = mulberry32(seed)
    inputs = {}
    for name, (shape, kind, high) in specs.items():
        n = int(np.prod(shape)) if shape else 1
        if kind == "int":
            values = np.array([int(uniform() * high) for _ in range(n)], dtype=np.int32)
            inputs[name] = torch.from_numpy(values.reshape(shape))
            continue
        if kind == "uniform":
            values = [2 * uniform() - 1 for _ in range(n)]
        else:
            values = [sum(uniform() for _ in range(12)) - 6 for _ in range(n)]
        inputs[name] = torch.from_numpy(np.array(values, dtype=np.float64).astype(np.float32).reshape(shape))
    return inputs


def peak_bytes_of(fn):
    """Bytes PyTorch's CPU allocator holds at the peak of fn() beyond what it held before."""
    try:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            fn()
        held, peak = 0, 0
        events = sorted((e for e in prof.profiler.kineto_results.events() if e.name() == "[memory]"),
                        key=lambda e: e.start_us())
        for e in events:
            held += e.nbytes()
            peak = max(peak, held)
        return peak
    except Exception:  # noqa: BLE001 (the memory figure is optional)
        return None


def serve():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        torch.set_num_threads(int(request.get("threads", 1)))
        torch.manual_seed(request.get("seed", 0))
        cls = twin_class(request["model"])
        batch = request.get("batch") or cls.batch
        size = request.get("imageSize") or getattr(cls, "image_size", 0)
        twin = cls(request.get("scale", "bench"), batch, size)
        generator = torch.Generator().manual_seed(request.get("seed", 0))
        inputs = twin.prepare(random_inputs(twin, generator))
        for _ in range(request.get("warmup", 3)):
            twin.step(inputs)
        samples = []
        for _ in range(request.get("repeats", 10)):
            start = time.perf_counter()
            twin.step(inputs)
            samples.append((time.perf_counter() - start) * 1e3)
        answer = {"model": request["model"], "ms": round(statistics.median(samples), 2),
                  "samplesMs": [round(s, 2) for s in samples],
                  "shapes": {name: spec[0] for name, spec in twin.inputs().items()}}
        if request.get("memory"):
            answer["peakBytes"] = peak_bytes_of(lambda: twin.step(inputs))
        print(json.dumps(answer), flush=True)


def encode(t):
    array = np.ascontiguousarray(t.detach().numpy())
    dtype = "int32" if array.dtype.kind in "iu" else "float32"
    return {"shape": list(array.shape), "dtype": dtype,
            "data": base64.b64encode(array.astype(dtype).tobytes()).decode("ascii")}


def run_fixture_steps(twin, specs, dtype):
    losses = []
    for step in range(FIXTURE_STEPS):
        inputs = fixture_inputs(specs, FIRST_STEP_SEED + step)
        inputs = {k: v.to(dtype) if v.is_floating_point() else v for k, v in inputs.items()}
        losses.append(twin.step(twin.prepare(inputs)))
    return losses


def fixture(name, out_dir):
    torch.manual_seed(0)
    cls = twin_class(name)
    twin = cls("fixture", cls.fixture_batch, getattr(cls, "image_size", 0))
    as_is = {id(p) for p in getattr(twin, "tfjs_layout_parameters", lambda: [])()}
    weights = [encode(tfjs_layout(p, id(p) in as_is)) for p in twin.parameters()]
    specs = twin.inputs()
    losses = run_fixture_steps(twin, specs, torch.float32)
    # The same run in float64 from the same weights: how far float32 rounding alone carries the losses
    # over 20 steps (GANs and Adam's first steps amplify it), the scale "float32 tolerance" is judged on.
    torch.manual_seed(0)
    twin64 = cls("fixture", cls.fixture_batch, getattr(cls, "image_size", 0))
    for value in vars(twin64).values():
        if isinstance(value, torch.nn.Module):
            value.double()  # parameters (the same objects the optimizers hold) and buffers
    for p in twin64.parameters():
        p.data = p.data.double()
    losses64 = run_fixture_steps(twin64, specs, torch.float64)
    # And in float32 from weights moved by one rounding error (relative 2^-24, random signs): how
    # much the training itself amplifies float32-sized differences over the steps.
    torch.manual_seed(0)
    nudged = cls("fixture", cls.fixture_batch, getattr(cls, "image_size", 0))
    signs = torch.Generator().manual_seed(2)
    with torch.no_grad():
        for p in nudged.parameters():
            p.mul_(1 + 2.0 ** -24 * (torch.randint(0, 2, p.shape, generator=signs) * 2 - 1))
    losses_nudged = run_fixture_steps(nudged, specs, torch.float32)
    document = {"model": name, "batch": cls.fixture_batch, "torch": torch.__version__,
                "inputs": {name: {"shape": s[0], "kind": s[1], "high": s[2]} for name, s in specs.items()},
                "firstStepSeed": FIRST_STEP_SEED, "weights": weights, "losses": losses, "losses64": losses64,
                "lossesNudged": losses_nudged}
    path = os.path.join(out_dir, f"{name}.json")
    with open(path + ".tmp", "w") as f:
        json.dump(document, f)
    os.replace(path + ".tmp", path)
    print(json.dumps({"fixture": name, "bytes": os.path.getsize(path), "losses": losses[-1]}))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures")
        for model in sys.argv[2:]:
            fixture(model, out)
    else:
        sys.exit("usage: zoo.py serve | zoo.py fixture MODEL...")
