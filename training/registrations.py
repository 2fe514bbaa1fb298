"""What training adds to home's registries (filled from ``TrainingConfig.ready``)."""


def register() -> None:
    pass
