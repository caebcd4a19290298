// Module placeholder: the AWS client lands here.
