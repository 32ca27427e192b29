/** Plain-text mails. Links sit on their own line so every client makes them clickable. */
export interface MailContent {
  subject: string;
  text: string;
}

export function verificationMail(society: string, name: string, url: string): MailContent {
  return {
    subject: `Confirm your email for ${society}`,
    text: `Hello ${name},\n\nPlease confirm your email address to finish creating your ${society} account:\n\n${url}\n\nThe link works for 24 hours. If you did not sign up, ignore this message.\n\n${society}`,
  };
}

export function passwordResetMail(society: string, name: string, url: string): MailContent {
  return {
    subject: `Reset your ${society} password`,
    text: `Hello ${name},\n\nSomeone (hopefully you) asked to reset the password of your ${society} account. Choose a new password here:\n\n${url}\n\nThe link works for one hour and only once. If you did not ask for this, ignore this message; your password stays as it is.\n\n${society}`,
  };
}

export function existingAccountSignUpMail(
  society: string,
  name: string,
  signInUrl: string,
  resetUrl: string,
): MailContent {
  return {
    subject: `You already have a ${society} account`,
    text: `Hello ${name},\n\nSomeone tried to create a ${society} account with this email address, which already has one. You can sign in here:\n\n${signInUrl}\n\nForgot your password? Reset it here:\n\n${resetUrl}\n\nIf this wasn't you, no action is needed.\n\n${society}`,
  };
}

export function passwordChangedMail(society: string, name: string): MailContent {
  return {
    subject: `Your ${society} password was changed`,
    text: `Hello ${name},\n\nThe password of your ${society} account was just changed and your other sessions were signed out. If you did not do this, reset your password at once and contact the society office.\n\n${society}`,
  };
}
