from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.ratings_home, name="ratings_home"),
    path("ratings/mine/", views.my_ratings, name="my_ratings"),
    path("ratings/<int:period_id>/team/<int:team_id>/", views.rating_sheet, name="rating_sheet"),
    path(
        "ratings/<int:period_id>/team/<int:team_id>/approve/",
        views.rating_approve_team,
        name="rating_approve_team",
    ),
    path("ratings/<int:pk>/return/", views.rating_return, name="rating_return"),
    path("ratings/to-approve/", views.ratings_to_approve, name="ratings_to_approve"),
    path("ratings/<int:pk>/approve/", views.rating_approve, name="rating_approve"),
    path("wall/", views.star_wall, name="star_wall"),
    path("wall/team/<int:team_id>/", views.star_wall, name="team_star_wall"),
    path("plaques/<int:pk>.pdf", views.plaque, name="plaque"),
    path("plaques/period/<int:period_id>.pdf", views.plaques_batch, name="plaques_batch"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("fairness/", views.fairness, name="fairness"),
    path("fairness/<int:period_id>/", views.fairness, name="fairness_period"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", views.suggestion_new, name="suggestion_new"),
    path("suggestions/board/", views.suggestion_board, name="suggestion_board"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/photo/", views.suggestion_photo, name="suggestion_photo"),
    path("awards/", views.award_ledger, name="award_ledger"),
    path("awards/ledger.xlsx", views.award_ledger_xlsx, name="award_ledger_xlsx"),
    path("vision/", views.vision_board, name="vision_board"),
    path("vision/edit/", views.vision_edit, name="vision_edit_branch"),
    path("vision/edit/team/<int:team_id>/", views.vision_edit, name="vision_edit_team"),
    path("commitments/new/", views.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/check-in/", views.commitment_check_in, name="commitment_check_in"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("setup/", views.setup, name="setup_home"),
    path("setup/<slug:kind>/", views.setup, name="setup"),
    path("setup/<slug:kind>/<int:pk>/", views.setup, name="setup_edit"),
]
