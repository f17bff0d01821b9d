"""Django admin pages as tests post them: the form data a browser would send back, messages."""


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _form_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def change_form_data(response) -> dict:
    """What the browser would post back unchanged from an admin add/change page."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_formset_values(formset))
        for form in formset.forms:
            # The flag page nests each environment's strategy formset in its form.
            if getattr(form, "strategies", None) is not None:
                data.update(_formset_values(form.strategies))
    return data


def _formset_values(formset) -> dict:
    data = _form_values(formset.management_form)
    for form in formset.forms:
        data.update(_form_values(form))
    return data
