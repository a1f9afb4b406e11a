from django.contrib.auth import views as auth_views
from django.urls import path

from web.accounts import views
from web.accounts.forms import ThrottledLoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=ThrottledLoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.change_password, name="password"),
    path("setup/<str:token>/", views.setup, name="setup"),
]
