"""Kernels forked from a warmed-up process: each notebook still gets a kernel process of its own, without paying
the imports every page needs (pandas, matplotlib, seaborn, the helpers: three seconds of CPU a kernel).

A worker starts one zygote (`python -m helpers.zygote MODULES...`): it imports the modules, then forks one kernel
per request read from its stdin, answering with the kernel's pid. A kernel starts its own session (interrupts and
kills reach it and whatever it starts) and dies with the zygote, which ends when its worker closes the pipe or
dies. Used by the local pool's workers on Linux; a Dask worker (which outlives a run) starts kernels the usual way.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from jupyter_client.manager import AsyncKernelManager

# What a forked kernel runs: ipykernel_launcher's own entry point, with the command's arguments.
LAUNCHER = "ipykernel_launcher"
MARKER = "helpers.zygote"  # in the zygote's command line (tests find the processes of a run by it)


class Zygote:
    """A running zygote: `fork(argv, env, stderr)` starts a kernel and returns a handle like `subprocess.Popen`."""

    def __init__(self, modules: tuple[str, ...], env: dict[str, str], preexec_fn: Any = None) -> None:
        # The inline backend must be known when matplotlib is first imported, which is now (a kernel sets it later).
        env = env | {"MPLBACKEND": env.get("MPLBACKEND") or "module://matplotlib_inline.backend_inline"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", MARKER, *modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            preexec_fn=preexec_fn,
            close_fds=True,
        )
        self._lock = threading.Lock()

    def fork(self, argv: list[str], env: dict[str, str], stderr: str = "") -> ForkedKernel:
        """A new kernel running ipykernel with `argv` in environment `env`; its stderr appended to `stderr`."""
        request = json.dumps({"argv": argv, "env": env, "stderr": stderr}) + "\n"
        with self._lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(request.encode())
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        if not answer.strip().isdigit():
            raise RuntimeError(f"the kernel zygote (pid {self.proc.pid}) did not start a kernel")
        return ForkedKernel(int(answer))

    def alive(self) -> bool:
        """Whether the zygote still runs (it ends when one of its imports kills it, or when it is killed)."""
        return self.proc.poll() is None

    def close(self) -> None:
        """End the zygote; its kernels die with it."""
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.kill()
        self.proc.wait()


class ForkedKernel:
    """A forked kernel, as much of `subprocess.Popen` as jupyter_client uses. The zygote reaps it, so its exit
    status is not known here: a kernel that has ended returns -1."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while the kernel runs."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
            except PermissionError:  # the pid was reused by another user's process: ours has ended
                self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end (jupyter_client kills it first)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(LAUNCHER, timeout or 0)
            time.sleep(0.02)
        return -1

    def send_signal(self, signum: int) -> None:
        """Signal the kernel."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL the kernel."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM the kernel."""
        self.send_signal(signal.SIGTERM)


class ForkingKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, with kernels forked by `zygote` instead of started as new programs (the
    hook jupyter_client documents for launching kernels differently); everything else is unchanged."""

    def __init__(self, zygote: Zygote, stderr: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._zygote, self._stderr = zygote, stderr

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        provisioner = self.provisioner
        assert provisioner is not None
        argv = kernel_cmd[kernel_cmd.index(LAUNCHER) + 1 :]
        provisioner.process = self._zygote.fork(argv, dict(kw.get("env") or os.environ), self._stderr)
        provisioner.pid = provisioner.pgid = provisioner.process.pid  # its own session: signals reach its children
        self._reconcile_connection_info(provisioner.connection_info)


def _launcher_path() -> str:
    """ipykernel_launcher's file, the program name a kernel started anew has in `sys.argv[0]`."""
    import importlib.util

    spec = importlib.util.find_spec(LAUNCHER)
    return spec.origin if spec and spec.origin else LAUNCHER


def parent_death_signal() -> Callable[[int], None] | None:
    """On Linux, `die(parent)`: called in a child, it has the child killed when `parent` dies (even by SIGKILL), or
    exits it now if `parent` already has (between the fork and this call its death signal was never set); None
    elsewhere. prctl is resolved here, so that a child forked to run a program (a preexec_fn) only calls it."""
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def die(parent: int) -> None:
        prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)

    return die


def _kernel(request: dict[str, Any], zygote: int, die: Callable[[int], None] | None) -> None:
    """In the forked child: become a kernel (never returns)."""
    code = 1
    try:
        os.setsid()
        if die:
            die(zygote)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        if request["stderr"]:
            err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(err, 2)
        os.environ.update(request["env"])  # over the zygote's own, which its imports may have added to
        os.environ["JPY_PARENT_PID"] = str(zygote)  # ipykernel's parent poller: the zygote is the parent
        sys.argv = [_launcher_path(), *request["argv"]]
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 (the kernel's own stdin, /dev/null)
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=request["argv"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        os._exit(code)


def main(modules: list[str]) -> None:
    """The zygote: import `modules`, then fork a kernel for each request line on stdin, answering its pid."""
    die = parent_death_signal()
    if die:
        die(os.getppid())
    if sys.path and (sys.path[0] == "" or os.path.abspath(sys.path[0]) == os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the working folder shadows no module a kernel imports
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a kernel then imports it itself, and the notebook shows the error
            print(f"zygote: could not preload {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    if "pandas" in sys.modules:
        # pandas sets two defaults from where it is imported: the number of columns it prints (0, fit the
        # terminal, outside a Jupyter kernel; 20 inside one) and the console's encoding (a kernel's is UTF-8).
        # A page prints the same tables whether its kernel was forked or started anew (a Dask run).
        sys.modules["pandas"].set_option("display.max_columns", 20)
        sys.modules["pandas"].set_option("display.encoding", "UTF-8")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they end: no zombies
    for line in sys.stdin.buffer:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _kernel(request, os.getppid(), die)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
