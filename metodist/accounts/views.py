from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from metodist.accounts.forms import ApiTokenForm
from metodist.accounts.throttle import reset_refusal
from metodist.api.actions import issue_token, revoke_token


@never_cache  # the page that shows a new token must not stay in any cache
@login_required
def tokens(request):
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_token = issue_token(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {
        "tokens": request.user.api_tokens.order_by("-created_at", "-pk"),
        "form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    revoke_token(token, by=request.user)
    messages.success(request, f"Токен «{token.name}» отозван: запросы с ним больше не принимаются.")
    return redirect("accounts:tokens")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, throttled: over a limit of requests the form shows why and no letter is sent."""

    def form_valid(self, form):
        refusal = reset_refusal(self.request, form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
