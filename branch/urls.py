from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_accounts
from .accounts import FirstLoginPasswordChangeView

urlpatterns = [
    path("accounts/login/", views.StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        FirstLoginPasswordChangeView.as_view(
            template_name="branch/password_change.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="branch/password_change_done.html"),
        name="password_change_done",
    ),
    path("people/", views.people_list, name="people_list"),
    path("people/accounts/open/", views_accounts.accounts_open, name="accounts_open"),
    path("people/<int:pk>/account/", views.employee_account, name="employee_account"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
    path("inbox/<int:pk>/", views.inbox_open, name="inbox_open"),
]
