"""What organisational life shows in home's registries (工作台 to-dos, 台账, team board, 我的)
and the political-status owner it registers with branch."""


def register_all() -> None:
    from branch.selectors import register_political_status_owner

    from .services.development import political_status_owner

    register_political_status_owner(political_status_owner)
