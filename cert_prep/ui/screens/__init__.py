"""One screen per mode; confirmations are typed modals."""
