from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apps.sandbox.registry import DemoSize, SandboxArea

if TYPE_CHECKING:
    from apps.sandbox.demo import DemoSeed
    from apps.sandbox.models import SandboxAccount

# How many times the control API's reset asked the area to forget its memory.
RUNTIME_RESETS = [0]


class ExampleConfig(SandboxArea):
    name = "example_area"
    label = "sandbox_example"
    requires = ("sandbox_users",)
    demo_sizes = {"notes": DemoSize(2, "Notes to seed per account.")}

    def seed(self, demo: DemoSeed) -> None:
        from .models import ExampleNote

        rng = demo.rng("example")
        ExampleNote.objects.bulk_create(
            ExampleNote(account=a.account, text=f"note {rng.randint(1, 999)}")
            for a in demo.accounts for _ in range(demo.sizes["notes"])
        )

    def summary_account(self, account: SandboxAccount) -> dict[str, Any]:
        return {"notes": account.example_notes.count()}

    def reset_runtime_state(self) -> None:
        RUNTIME_RESETS[0] += 1
